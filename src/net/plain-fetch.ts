import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

/**
 * The part of fetch the bot's HTTP clients use (the Slack WebClient, Bolt's respond, the
 * Hootsuite client), over node:http. Node's own fetch is undici, loaded on first use with its
 * WebAssembly HTTP parser: a process that makes one fetch holds about 8 MiB more than one that
 * makes the same requests through node:http (10 against 1.7 MiB after 20 requests, measured
 * beside Bolt), and the bot made every Web API call through it. What it supports: a string,
 * Buffer or Uint8Array body, headers as a plain object, an AbortSignal; anything else is refused
 * rather than sent wrong. Connections are kept alive by node's global agents, as fetch does.
 */
export const plainFetch = (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const body = init.body ?? undefined;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array))
    throw new TypeError('plainFetch sends only a string, Buffer or Uint8Array body');
  const headers = plainHeaders(init.headers);
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  return new Promise<Response>((resolve, reject) => {
    const fail = (error: Error) => reject(new TypeError('fetch failed', { cause: error }));
    const req = requestFor(url)(
      url,
      { method: init.method ?? 'GET', headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', fail);
        res.once('end', () => resolve(new PlainResponse(url, res, Buffer.concat(chunks)) as unknown as Response));
      },
    );
    const abort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', abort, { once: true });
    req.once('close', () => signal?.removeEventListener('abort', abort));
    req.once('error', fail);
    req.end(body);
  });
}) as typeof fetch;

/** node:https for an https URL, node:http otherwise (the stand-ins in tests). */
export const requestFor = (url: string): typeof http.request => (url.startsWith('https:') ? https.request : http.request);

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (headers === undefined) return {};
  if (Array.isArray(headers)) return Object.fromEntries(headers as [string, string][]);
  if (typeof (headers as { entries?: unknown }).entries === 'function') throw new TypeError('plainFetch takes headers as a plain object');
  return { ...(headers as Record<string, string>) };
}

/** What the clients read of a response: status, headers, the body as text, JSON or bytes. */
class PlainResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null; entries(): IterableIterator<[string, string]> };

  constructor(
    readonly url: string,
    res: IncomingMessage,
    private readonly bytes: Buffer,
  ) {
    this.status = res.statusCode ?? 0;
    this.statusText = res.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    const all = new Map(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    this.headers = { get: (name) => all.get(name.toLowerCase()) ?? null, entries: () => all.entries() };
  }

  // Promises, as fetch's are: the body is already read, so they resolve at once.
  text(): Promise<string> {
    return Promise.resolve(this.bytes.toString('utf8'));
  }

  json(): Promise<unknown> {
    return Promise.resolve().then((): unknown => JSON.parse(this.bytes.toString('utf8')));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength) as ArrayBuffer);
  }
}
