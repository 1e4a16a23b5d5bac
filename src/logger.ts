import pino, { type Logger } from 'pino';

// Tokens Slack issues, and any secret we are told about, are masked wherever they turn up in
// a log line: in our fields (redact) and inside strings other libraries hand us (scrub).
const SLACK_TOKEN = /\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

/** Anything shaped like a Slack token (bot, user, app-level, refresh …), masked but for its kind. */
export const scrubTokens = (text: string): string => text.replace(SLACK_TOKEN, '$1-[redacted]');

/** Slack tokens and the configured secrets (those long enough to be one), masked. */
export function createScrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  const known = secrets.filter((s): s is string => !!s && s.length >= 6);
  return (text) => {
    let out = scrubTokens(text);
    for (const secret of known) out = out.split(secret).join('[redacted]');
    return out;
  };
}

export function createLogger(level: string, secrets: readonly (string | undefined)[], destination?: pino.DestinationStream): Logger {
  const scrub = createScrubber(secrets);
  // Into the fields too (`{ err }`, `{ reason }`, a Slack answer): a secret can hide anywhere a
  // library put words, so strings are scrubbed a few levels down plain objects and arrays.
  const scrubValue = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (value instanceof Error) {
      // What pino's own serializer keeps (its own fields, such as a Slack error's code and data), scrubbed.
      const fields = depth < 4 ? (scrubValue(Object.fromEntries(Object.entries(value)), depth + 1) as object) : {};
      return { type: value.name, message: scrub(value.message), stack: value.stack && scrub(value.stack), ...fields };
    }
    if (depth >= 4 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, depth + 1)]));
  };
  return pino(
    {
      level,
      redact: {
        paths: [
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'headers.authorization',
          '*.headers.authorization',
          'botToken',
          '*.botToken',
        ],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => scrubValue(arg)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
