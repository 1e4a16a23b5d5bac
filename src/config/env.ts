import { z } from 'zod';
import { ConfigError } from './errors.js';

/** Where the SQLite database is kept when DATABASE_PATH is not set. */
export const DEFAULT_DATABASE_PATH = './data/crisis.db';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z
  .object({
    SLACK_BOT_TOKEN: z.string().trim().startsWith('xoxb-', 'must be a bot token (xoxb-…)'),
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional.refine((v) => v === undefined || v.startsWith('xapp-'), {
      error: 'must be an app-level token (xapp-…)',
    }),
    SLACK_API_URL: z
      .url({ error: 'must be a URL' })
      .default('https://slack.com/api/')
      .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a port number')
      .min(0, 'must be a port number')
      .max(65535, 'must be a port number')
      .default(3000),
    DATABASE_PATH: z.string().trim().min(1).default(DEFAULT_DATABASE_PATH),
    // A URL's password is a secret: the reason names the field, never the value.
    DATABASE_URL: optional.refine((u) => u === undefined || /^postgres(ql)?:\/\/./.test(u), 'must be a postgres:// URL'),
    CRISIS_PLAN: z.string().trim().min(1).default('./crisis-plan.yml'),
    ALERT_TOKEN: optional,
    HOOTSUITE_ACCESS_TOKEN: optional,
    HOOTSUITE_API_URL: z.url({ error: 'must be a URL' }).default('https://platform.hootsuite.com'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  })
  .superRefine((env, ctx) => {
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required in HTTP mode (set it, or SLACK_APP_TOKEN for Socket Mode)',
      });
    }
  });

export interface Env {
  readonly slackBotToken: string;
  readonly slackSigningSecret: string | undefined;
  readonly slackAppToken: string | undefined;
  readonly slackApiUrl: string;
  readonly port: number;
  readonly databasePath: string;
  /** PostgreSQL instead of SQLite: several instances may share it. */
  readonly databaseUrl: string | undefined;
  readonly crisisPlanPath: string;
  readonly alertToken: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Only needed when an account of the plan names `scheduler: hootsuite` (checked at start). */
  readonly hootsuiteAccessToken: string | undefined;
  readonly hootsuiteApiUrl: string;
  readonly socketMode: boolean;
}

/**
 * Parses the environment once. The error names the first bad variable and what is wrong with
 * it, never its value: a mistyped token must not end up in a terminal scrollback or a log.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty value means unset, as it does for most tools (`PORT=` must not become port 0).
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(given);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const missing = issue.code === 'invalid_type' && given[variable] === undefined;
    throw new ConfigError(`${variable} ${missing ? 'is required' : issue.message}`);
  }
  const e = result.data;
  return Object.freeze({
    slackBotToken: e.SLACK_BOT_TOKEN,
    slackSigningSecret: e.SLACK_SIGNING_SECRET,
    slackAppToken: e.SLACK_APP_TOKEN,
    slackApiUrl: e.SLACK_API_URL,
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    crisisPlanPath: e.CRISIS_PLAN,
    alertToken: e.ALERT_TOKEN,
    logLevel: e.LOG_LEVEL,
    hootsuiteAccessToken: e.HOOTSUITE_ACCESS_TOKEN,
    hootsuiteApiUrl: e.HOOTSUITE_API_URL,
    socketMode: e.SLACK_APP_TOKEN !== undefined,
  });
}
