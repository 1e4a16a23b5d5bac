// Plumbing for the Twilio stand-in (twilio-standin.ts): Twilio's request signature, dates, error
// body and resource shapes, the outgoing webhook request, and a small strict XML reader for
// TwiML. Kept apart so the stand-in reads like Twilio's call flow rather than like an HTTP client.
// Node built-ins only; the signature is written from Twilio's description, not taken from src/.
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { StandinCall, StandinText } from './twilio-standin.js';

export const API_VERSION = '2010-04-01';

/** A form body or query with repeated keys (Twilio's list parameters) as arrays. */
export type FormParams = Record<string, string | string[]>;

/**
 * X-Twilio-Signature: the full URL as requested, then each POST parameter's name and value in
 * name order (plain code-unit sort, no separators, no URL-encoding), HMAC-SHA1 keyed with the
 * Auth Token, base64. GET requests sign the URL alone, their parameters being in it.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  let data = url;
  for (const name of Object.keys(params).sort()) data += name + params[name];
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** 'Tue, 31 Aug 2010 20:36:28 +0000': Twilio's RFC 2822 dates, always UTC. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

/** A Twilio SID: two letters and 32 hex digits. */
export function sid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio's error body, the same four fields on every error. */
export function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export function parseForm(text: string): FormParams {
  const out: FormParams = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/** One value of a form parameter; a repeated single-valued parameter counts as its first. */
export function one(params: FormParams, name: string): string | undefined {
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

export function all(params: FormParams, name: string): string[] {
  const v = params[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** An absolute http(s) URL, or undefined: what Twilio accepts for Url and callbacks. */
export function httpUrl(s: string | undefined): URL | undefined {
  if (s === undefined) return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€';

/** SMS segments: GSM-7 gives 160 septets (153 per part when split), anything else UCS-2's 70 (67). */
export function segments(body: string): number {
  let septets = 0;
  for (const ch of body) {
    if (GSM7.includes(ch)) septets += 1;
    else if (GSM7_EXTENDED.includes(ch)) septets += 2;
    else {
      const units = body.length;
      return units <= 70 ? 1 : Math.ceil(units / 67);
    }
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

// ---- Twilio's resource shapes ----

/** The Call resource as Twilio renders it. */
export function callJson(accountSid: string, c: StandinCall, phoneNumberSid: string | undefined) {
  const base = `/2010-04-01/Accounts/${accountSid}/Calls/${c.sid}`;
  const completed = c.status === 'completed';
  return {
    sid: c.sid,
    date_created: rfc2822(c.createdAt),
    date_updated: rfc2822(c.endedAt ?? c.answeredAt ?? c.startedAt ?? c.createdAt),
    parent_call_sid: null,
    account_sid: accountSid,
    to: c.to,
    to_formatted: c.to,
    from: c.from,
    from_formatted: c.from,
    phone_number_sid: phoneNumberSid ?? null,
    status: c.status,
    start_time: c.startedAt === undefined ? null : rfc2822(c.startedAt),
    // Twilio leaves end_time and duration empty for busy, unanswered or ongoing calls.
    end_time: completed && c.endedAt !== undefined ? rfc2822(c.endedAt) : null,
    duration: completed ? String(c.durationS ?? 0) : null,
    price: null,
    price_unit: 'USD',
    direction: 'outbound-api',
    // The resource says only human or machine; the webhook's AnsweredBy is finer.
    answered_by: c.answeredBy === undefined ? null : c.answeredBy === 'human' ? 'human' : 'machine',
    api_version: API_VERSION,
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: String(c.queueMs),
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: { notifications: `${base}/Notifications.json`, recordings: `${base}/Recordings.json` },
  };
}

/** The Message resource as Twilio renders it. */
export function textJson(accountSid: string, t: StandinText) {
  const base = `/2010-04-01/Accounts/${accountSid}/Messages/${t.sid}`;
  return {
    sid: t.sid,
    account_sid: accountSid,
    messaging_service_sid: null,
    to: t.to,
    from: t.from,
    body: t.body,
    status: t.status,
    num_segments: String(segments(t.body)),
    num_media: '0',
    direction: 'outbound-api',
    api_version: API_VERSION,
    date_created: rfc2822(t.createdAt),
    date_updated: rfc2822(t.createdAt),
    date_sent: t.status === 'queued' ? null : rfc2822(t.createdAt),
    price: null,
    price_unit: 'USD',
    error_code: null,
    error_message: null,
    uri: `${base}.json`,
    subresource_uris: { media: `${base}/Media.json` },
  };
}

/** One page, newest first, in Twilio's list shape. */
export function listPage<T extends { to: string; from: string; status: string }>(
  accountSid: string,
  resource: string,
  key: string,
  items: T[],
  p: FormParams,
  toJson: (item: T) => unknown,
): Record<string, unknown> {
  const size = Math.min(Math.max(Number(one(p, 'PageSize') ?? 50) || 50, 1), 1000);
  const page = Math.max(Number(one(p, 'Page') ?? 0) || 0, 0);
  const filters = (['To', 'From', 'Status'] as const).filter((f) => one(p, f) !== undefined);
  const field = { To: 'to', From: 'from', Status: 'status' } as const;
  const matching = items.filter((i) => filters.every((f) => i[field[f]] === one(p, f))).reverse();
  const shown = matching.slice(page * size, (page + 1) * size);
  const uri = (n: number): string => {
    const q = new URLSearchParams(filters.map((f): [string, string] => [f, one(p, f)!]));
    q.set('PageSize', String(size));
    q.set('Page', String(n));
    return `/2010-04-01/Accounts/${accountSid}/${resource}?${q.toString()}`;
  };
  const more = (page + 1) * size < matching.length;
  return {
    [key]: shown.map(toJson),
    page,
    page_size: size,
    start: page * size,
    end: page * size + Math.max(shown.length - 1, 0),
    first_page_uri: uri(0),
    next_page_uri: more ? uri(page + 1) : null,
    previous_page_uri: page > 0 ? uri(page - 1) : null,
    uri: uri(page),
  };
}

export interface HookAnswer {
  /** 0 when the request got no answer (refused, reset, or past Twilio's 15 s). */
  status: number;
  body: string;
  contentType: string;
}

/** Twilio gives a call webhook 15 seconds to start answering. */
const WEBHOOK_TIMEOUT_MS = 15_000;

/**
 * Requests `url` as Twilio does: POST with a form body, or GET with the parameters appended to
 * the query; signed over the URL exactly as the application gave it (plus the appended query).
 */
export function twilioRequest(
  authToken: string,
  method: string,
  url: string,
  params: Record<string, string>,
  signal: AbortSignal,
): Promise<{ url: string; answer: HookAnswer }> {
  const form = new URLSearchParams(params).toString();
  const get = method === 'GET';
  const target = get ? `${url}${url.includes('?') ? '&' : '?'}${form}` : url;
  const signature = twilioSignature(authToken, target, get ? {} : params);
  const headers: Record<string, string> = { 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1', accept: '*/*' };
  if (!get) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(form));
  }
  return new Promise((resolve) => {
    const done = (answer: HookAnswer): void => resolve({ url: target, answer });
    let req;
    try {
      const send = target.startsWith('https:') ? httpsRequest : httpRequest;
      // agent: false, so no kept-alive socket outlives the test's server.
      req = send(target, { method: get ? 'GET' : 'POST', headers, agent: false, signal, timeout: WEBHOOK_TIMEOUT_MS });
    } catch (err) {
      return done({ status: 0, body: String(err), contentType: '' });
    }
    req.on('timeout', () => req.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS} ms`)));
    req.on('error', (err) => done({ status: 0, body: err.message, contentType: '' }));
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => done({ status: 0, body: err.message, contentType: '' }));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: res.headers['content-type'] ?? '' }),
      );
    });
    req.end(get ? undefined : form);
  });
}

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The node's own text, without its children's. */
  text: string;
}

/** All the text inside a node, children's included (SSML inside <Say>). */
export function textOf(node: XmlNode): string {
  return node.text + node.children.map(textOf).join('');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  return s.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`XML: bare '&' near offset ${at}`);
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const named = ENTITIES[ref];
    if (named === undefined) throw new Error(`XML: unknown entity &${ref}; near offset ${at}`);
    return named;
  });
}

const OPEN = /<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const CLOSE = /<\/([A-Za-z_][\w.:-]*)\s*>/y;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;

/**
 * A well-formed XML document's root, or a throw saying what is wrong: tags must nest and match,
 * one root, attributes quoted and unique, entities known. Enough to fail loudly on bad TwiML.
 */
export function parseXml(src: string): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  let i = src.startsWith('\uFEFF') ? 1 : 0;
  while (i < src.length) {
    if (src.startsWith('<?', i) || src.startsWith('<!--', i)) {
      const end = src.indexOf(src.startsWith('<?', i) ? '?>' : '-->', i);
      if (end < 0) throw new Error(`XML: unterminated declaration or comment at offset ${i}`);
      i = end + (src.startsWith('<?', i) ? 2 : 3);
      continue;
    }
    if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i);
      const top = stack.at(-1);
      if (end < 0 || !top) throw new Error(`XML: CDATA outside an element or unterminated at offset ${i}`);
      top.text += src.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (src.startsWith('</', i)) {
      CLOSE.lastIndex = i;
      const m = CLOSE.exec(src);
      const top = stack.pop();
      if (!m || top?.name !== m[1]) throw new Error(`XML: unexpected closing tag at offset ${i} (open: ${top?.name ?? 'none'})`);
      i = CLOSE.lastIndex;
      continue;
    }
    if (src[i] === '<') {
      OPEN.lastIndex = i;
      const m = OPEN.exec(src);
      if (!m) throw new Error(`XML: malformed tag at offset ${i}: ${src.slice(i, i + 40)}`);
      const node: XmlNode = { name: m[1]!, attrs: {}, children: [], text: '' };
      for (const a of m[2]!.matchAll(ATTR)) {
        if (a[1]! in node.attrs) throw new Error(`XML: attribute ${a[1]} twice on <${node.name}>`);
        node.attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', i);
      }
      const parent = stack.at(-1);
      if (parent) parent.children.push(node);
      else if (root) throw new Error(`XML: a second root element <${node.name}> at offset ${i}`);
      else root = node;
      if (m[3] !== '/') stack.push(node);
      i = OPEN.lastIndex;
      continue;
    }
    const end = src.indexOf('<', i) < 0 ? src.length : src.indexOf('<', i);
    const text = src.slice(i, end);
    const top = stack.at(-1);
    if (top) top.text += decode(text, i);
    else if (text.trim()) throw new Error(`XML: text outside the root element at offset ${i}`);
    i = end;
  }
  if (stack.length) throw new Error(`XML: <${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('XML: no root element');
  return root;
}

/** What <Response> may hold for a call, and what <Gather> may nest, per Twilio's TwiML docs. */
const VOICE_VERBS = new Set(
  'Connect Dial Echo Enqueue Gather Hangup Leave Pause Pay Play Prompt Record Redirect Refer Reject Say Sms Start Stop'.split(' '),
);
const IN_GATHER = new Set(['Say', 'Play', 'Pause']);

/** The bot's voice TwiML read as strictly as Twilio runs it: the document, or what is wrong with it. */
export function readTwiml(answer: HookAnswer): XmlNode | string {
  if (answer.status !== 200) return `HTTP ${answer.status} where TwiML was due`;
  if (!answer.contentType.includes('xml')) return `content-type "${answer.contentType}", not XML`;
  let doc: XmlNode;
  try {
    doc = parseXml(answer.body);
  } catch (err) {
    return (err as Error).message;
  }
  if (doc.name !== 'Response') return `root <${doc.name}>, not <Response>`;
  for (const verb of doc.children) {
    if (!VOICE_VERBS.has(verb.name)) return `<${verb.name}> is not a TwiML voice verb`;
    const stray = verb.name === 'Gather' ? verb.children.find((n) => !IN_GATHER.has(n.name)) : undefined;
    if (stray) return `<Gather> may not nest <${stray.name}>`;
  }
  const says = (n: XmlNode): XmlNode[] => [...(n.name === 'Say' ? [n] : []), ...n.children.flatMap(says)];
  if (says(doc).some((say) => !textOf(say).trim())) return 'an empty <Say>';
  return doc;
}
