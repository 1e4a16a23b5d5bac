import { z } from 'zod';
import { ConfigError } from './errors.js';
import { e164 } from './phone.js';

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
    HOOTSUITE_CLIENT_ID: optional,
    HOOTSUITE_CLIENT_SECRET: optional,
    HOOTSUITE_REFRESH_TOKEN: optional,
    HOOTSUITE_API_URL: z.url({ error: 'must be a URL' }).default('https://platform.hootsuite.com'),
    TWILIO_ACCOUNT_SID: optional.refine(
      (v) => v === undefined || /^AC[0-9a-f]{32}$/i.test(v),
      'must be an account SID (AC followed by 32 hex digits)',
    ),
    TWILIO_AUTH_TOKEN: optional,
    TWILIO_FROM: optional.refine((v) => v === undefined || e164(v) === v, 'must be a phone number in E.164 form (e.g. +46701234567)'),
    TWILIO_API_URL: z.url({ error: 'must be a URL' }).default('https://api.twilio.com'),
    PUBLIC_URL: optional.refine((v) => v === undefined || /^https?:\/\/[^/]+/.test(v), 'must be an http(s) URL'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  })
  .superRefine((env, ctx) => {
    const twilio = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const;
    if (twilio.some((k) => env[k] !== undefined)) {
      for (const k of [...twilio, 'PUBLIC_URL'] as const) {
        if (env[k] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: 'is required with Twilio (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM and PUBLIC_URL go together)',
          });
      }
    }
    const oauth = ['HOOTSUITE_CLIENT_ID', 'HOOTSUITE_CLIENT_SECRET', 'HOOTSUITE_REFRESH_TOKEN'] as const;
    if (oauth.some((k) => env[k] !== undefined)) {
      for (const k of oauth) {
        if (env[k] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message:
              'is required with Hootsuite OAuth (HOOTSUITE_CLIENT_ID, HOOTSUITE_CLIENT_SECRET and HOOTSUITE_REFRESH_TOKEN go together)',
          });
      }
    }
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
  /** The OAuth app and a first refresh token: the bot refreshes and keeps the rotated token (see hootsuite/tokens). */
  readonly hootsuiteOAuth: HootsuiteOAuthEnv | undefined;
  readonly hootsuiteApiUrl: string;
  /** Phone calls and texts, when the whole account is given (checked together). */
  readonly twilio: TwilioEnv | undefined;
  readonly socketMode: boolean;
}

export interface HootsuiteOAuthEnv {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The first refresh token; once used, the database keeps the rotated one. */
  readonly refreshToken: string;
}

export interface TwilioEnv {
  readonly accountSid: string;
  readonly authToken: string;
  /** E.164: the number calls and texts come from, and texts are answered to. */
  readonly from: string;
  readonly apiUrl: string;
  /** Where Twilio reaches the bot, without a trailing slash. */
  readonly publicUrl: string;
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
    hootsuiteOAuth:
      e.HOOTSUITE_CLIENT_ID && e.HOOTSUITE_CLIENT_SECRET && e.HOOTSUITE_REFRESH_TOKEN
        ? { clientId: e.HOOTSUITE_CLIENT_ID, clientSecret: e.HOOTSUITE_CLIENT_SECRET, refreshToken: e.HOOTSUITE_REFRESH_TOKEN }
        : undefined,
    hootsuiteApiUrl: e.HOOTSUITE_API_URL,
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM && e.PUBLIC_URL
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            from: e.TWILIO_FROM,
            apiUrl: e.TWILIO_API_URL.replace(/\/+$/, ''),
            publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
          }
        : undefined,
    socketMode: e.SLACK_APP_TOKEN !== undefined,
  });
}
