import pino, { type Logger } from 'pino';

// Tokens Slack issues, and any secret we are told about, are masked wherever they turn up in
// a log line: in our fields (redact) and inside strings other libraries hand us (scrub).
const SLACK_TOKEN = /\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g;

export function createScrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  const known = secrets.filter((s): s is string => !!s && s.length >= 6);
  return (text) => {
    let out = text.replace(SLACK_TOKEN, '$1-[redacted]');
    for (const secret of known) out = out.split(secret).join('[redacted]');
    return out;
  };
}

export function createLogger(
  level: string,
  secrets: readonly (string | undefined)[],
  destination?: pino.DestinationStream,
): Logger {
  const scrub = createScrubber(secrets);
  const scrubValue = (value: unknown): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (value instanceof Error) return { type: value.name, message: scrub(value.message), stack: value.stack && scrub(value.stack) };
    return value;
  };
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization', 'botToken', '*.botToken'],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map(scrubValue) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
