// Request/response plumbing for the Slack stand-in, kept apart from the fake workspace so the
// workspace logic reads like Slack's method docs rather than like an HTTP server.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Args = Record<string, unknown>;

/** Fields the WebClient flattens to JSON strings in form bodies; Slack decodes them server-side. */
const JSON_FIELDS = ['blocks', 'attachments', 'files', 'view', 'metadata'] as const;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** undici's Response understands multipart bodies, which saves hand-writing a boundary parser. */
export async function parseMultipart(body: Buffer, contentType: string): Promise<Map<string, string | Blob>> {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- undici advises a streaming parser for servers' large uploads; these are a test's few small bodies
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const out = new Map<string, string | Blob>();
  for (const [k, v] of form) out.set(k, v);
  return out;
}

/**
 * Decodes a Web API request the way Slack does: query string, then urlencoded, JSON or multipart
 * body. Returns `badJson` naming a JSON-string field that did not parse, since Slack answers
 * those with a specific error rather than treating the field as absent.
 */
export async function parseArgs(req: IncomingMessage, body: Buffer): Promise<{ args: Args; badJson?: string }> {
  const args: Args = {};
  const url = new URL(req.url ?? '/', 'http://localhost');
  for (const [k, v] of url.searchParams) args[k] = v;
  const contentType = req.headers['content-type'] ?? '';
  if (body.length > 0) {
    if (contentType.startsWith('application/json')) {
      try {
        Object.assign(args, JSON.parse(body.toString('utf8')) as Args);
      } catch {
        return { args, badJson: 'body' };
      }
    } else if (contentType.startsWith('multipart/form-data')) {
      for (const [k, v] of await parseMultipart(body, contentType)) {
        args[k] = typeof v === 'string' ? v : Buffer.from(await v.arrayBuffer());
      }
    } else {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) args[k] = v;
    }
  }
  for (const field of JSON_FIELDS) {
    const raw = args[field];
    if (typeof raw !== 'string') continue;
    try {
      args[field] = JSON.parse(raw);
    } catch {
      return { args, badJson: field };
    }
  }
  return { args };
}

/** Slack's token sources, header first; `null` when none was sent. */
export function tokenOf(req: IncomingMessage, args: Args): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return typeof args.token === 'string' && args.token !== '' ? args.token : null;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain'): void {
  res.writeHead(status, { 'content-type': `${contentType}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
