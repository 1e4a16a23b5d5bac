import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** What an app acknowledged an envelope with (Socket Mode's equivalent of an HTTP answer). */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

/**
 * Slack's side of Socket Mode, on the stand-in's own port: `apps.connections.open` (answered
 * by the stand-in's Web API) hands out a one-time URL here; the app connects, gets `hello`,
 * and then receives envelopes (slash commands, interactions) that it must acknowledge by
 * envelope id, as https://api.slack.com/apis/socket-mode describes.
 */
export class SocketModeEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (ack: SocketAck) => void>();
  /** Connections opened so far (a reconnect is a second one). */
  connections = 0;

  constructor(
    server: Server,
    private readonly baseUrl: string,
  ) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** apps.connections.open: a URL good for one connection. */
  openUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.baseUrl.replace(/^http/, 'ws')}/link/?ticket=${ticket}`;
  }

  /** True once an app has connected and been greeted. */
  get connected(): boolean {
    return this.sockets.size > 0;
  }

  /**
   * Sends an envelope to the connected app and resolves with its acknowledgement. Slack waits
   * 3 s for it; so does this, failing the test instead of retrying.
   */
  send(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown, timeoutMs = 3_000): Promise<SocketAck> {
    const socket = [...this.sockets][0];
    if (!socket) return Promise.reject(new Error('SocketModeEndpoint: no app is connected'));
    const envelopeId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(envelopeId);
        reject(new Error(`SocketModeEndpoint: envelope ${type} not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      this.acks.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: type !== 'events_api',
          retry_attempt: 0,
          retry_reason: '',
        }),
      );
    });
  }

  close(): void {
    for (const s of this.sockets) s.terminate();
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const ticket = url.searchParams.get('ticket');
    if (url.pathname !== '/link/' || !ticket || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.connections += 1;
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
        const ack = JSON.parse(bytes.toString('utf8')) as SocketAck;
        this.acks.get(ack.envelope_id)?.(ack);
        this.acks.delete(ack.envelope_id);
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'standin', approximate_connection_time: 18060 },
          connection_info: { app_id: 'A0CRISIS' },
        }),
      );
    });
  }
}
