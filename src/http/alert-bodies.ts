import { z } from 'zod';
import { UNKNOWN_SOURCE, deriveFingerprint, mapAlertmanagerSeverity, type IncomingAlert } from '../domain/alerts.js';
import { SEVERITIES } from '../config/severity.js';
import { MAX_TITLE, cleanLine, cleanProse, truncate } from '../domain/text.js';

// The bodies the alert endpoints accept, and how each becomes an IncomingAlert. The reasons in
// a 400 answer are for whoever wires up a tool, in English, like the rest of the HTTP API.

const text = (max: number) =>
  z
    .string()
    .transform(cleanProse)
    .pipe(z.string().max(max, `must be at most ${max} characters`));
const line = (max: number) =>
  z
    .string()
    .transform(cleanLine)
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

/**
 * A link as Slack will render it: `<url|label>`. The WHATWG form percent-encodes `<`, `>` and
 * quotes; `|` is encoded by hand. Anything still unsafe is refused: a link must never be able
 * to smuggle `<!channel>` into the alerts channel.
 */
export function safeLink(url: string): string | undefined {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    return undefined;
  }
  if (!/^https?:\/\//.test(href)) return undefined;
  href = href.replace(/\|/g, '%7C');
  return /[<>\s]/.test(href) ? undefined : href;
}

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2000)
  .transform((url, ctx) => {
    const safe = safeLink(url);
    if (safe === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
      return z.NEVER;
    }
    return safe;
  });

/** `POST /alerts`: what any monitoring or listening tool can send. */
export const genericAlertSchema = z.strictObject({
  title: line(MAX_TITLE),
  severity: z.enum(SEVERITIES, { error: 'must be sev1, sev2 or sev3' }),
  source: line(80).optional(),
  summary: text(2000).optional(),
  url: httpUrl.optional(),
  fingerprint: line(200).optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
});

/** One alert of an Alertmanager webhook (version 4); unknown fields are Alertmanager's own. */
const alertmanagerAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1, 'must not be empty'),
});

export const alertmanagerSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (Alertmanager webhook version 4)' }),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  groupKey: z.string().optional(),
  externalURL: z.string().optional(),
  alerts: z.array(alertmanagerAlert).min(1, 'must hold at least one alert').max(500, 'at most 500 alerts per delivery'),
});

export const signalSchema = z
  .strictObject({
    source: line(80),
    mentions: z.int('must be a whole number').min(0, 'must not be negative'),
    negative: z.int('must be a whole number').min(0, 'must not be negative').optional(),
    at: z.iso.datetime({ offset: true, error: 'must be an ISO time such as 2026-11-22T10:00:00Z' }).optional(),
  })
  .refine((s) => s.negative === undefined || s.negative <= s.mentions, { error: 'must not exceed mentions', path: ['negative'] });

export type Signal = z.infer<typeof signalSchema>;

export function fromGeneric(body: z.infer<typeof genericAlertSchema>): IncomingAlert {
  const source = body.source ?? UNKNOWN_SOURCE;
  return {
    title: body.title,
    severity: body.severity,
    source,
    summary: body.summary || undefined,
    url: body.url,
    fingerprint: body.fingerprint ?? deriveFingerprint(source, body.title),
    metrics: body.metrics,
    resolved: false,
  };
}

export function fromAlertmanager(body: z.infer<typeof alertmanagerSchema>): IncomingAlert[] {
  return body.alerts.map((a) => {
    // Prometheus always sets alertname; should a sender not, the alert is named by its fingerprint.
    const title = truncate(cleanLine(a.annotations.summary ?? a.labels.alertname ?? ''), MAX_TITLE) || `Alertmanager ${a.fingerprint}`;
    const summary = truncate(cleanProse(a.annotations.description ?? ''), 2000);
    const url = a.generatorURL ? safeLink(a.generatorURL) : undefined;
    return {
      title,
      severity: mapAlertmanagerSeverity(a.labels.severity),
      source: 'alertmanager',
      summary: summary || undefined,
      url,
      fingerprint: `alertmanager:${a.fingerprint}`,
      metrics: undefined,
      resolved: a.status === 'resolved',
    };
  });
}

/** zod issues as `field: reason` lines, every one of them, for a 400 answer. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
