/**
 * The companion's socket server: an http server on 127.0.0.1 whose `upgrade`
 * runs the guard (Host, Origin) before `ws` sees the request. Refusals are a
 * plain HTTP 403 on the raw socket, then the socket is destroyed.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { CHROME_EXTENSION_ORIGIN } from '../../shared/extension-id.js';
import { CLOSE_CODES } from '../../shared/protocol/errors.js';
import { MAX_FRAME_BYTES } from '../../shared/protocol/version.js';
import type { IdGen } from '../ids.js';
import { Broadcaster, DEFAULT_MAX_BUFFERED_BYTES } from './broadcast.js';
import { Connection, type ConnectionContext } from './connection.js';
import { PresenceHub, type PresenceOptions } from './presence.js';
import { createHttpServer } from './http.js';
import { Throttle, type ThrottleOptions } from './throttle.js';
import { checkOrigin, isAllowedHost, isMozExtensionOrigin } from './upgrade-guard.js';

export const DEFAULT_MAX_CONNECTIONS = 64;

export interface SocketServerOptions extends Omit<ConnectionContext, 'throttle' | 'broadcaster' | 'presence'> {
  ids: IdGen;
  extraOrigins: readonly string[];
  maxConnections?: number;
  maxBufferedBytes?: number;
  throttle?: Partial<ThrottleOptions>;
  presence?: Partial<PresenceOptions>;
}

export interface SocketServer {
  listen(port: number, host: string): Promise<number>;
  readonly port: number;
  readonly connections: ReadonlySet<Connection>;
  readonly broadcaster: Broadcaster;
  readonly presence: PresenceHub;
  /** Stop accepting, close every socket with 1001, then the http server. */
  close(): Promise<void>;
}

const REASONS: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

export function createSocketServer(opts: SocketServerOptions): SocketServer {
  let port = 0;
  let closing = false;
  const connections = new Set<Connection>();
  const sockets = new Set<WebSocket>();
  const broadcaster = new Broadcaster(opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES);
  const presence = new PresenceHub(opts.clock, opts.presence);
  presence.start();
  const ctx: ConnectionContext = {
    ...opts,
    broadcaster,
    presence,
    throttle: new Throttle(opts.clock, opts.throttle),
  };
  const maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const log = opts.logger;

  const http: Server = createHttpServer({ version: opts.companionVersion, port: () => port });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  function refuse(socket: Duplex, status: number, why: string, req: IncomingMessage): void {
    log.warn('upgrade refused', { status, why, origin: req.headers.origin ?? null });
    const text = REASONS[status] ?? 'Forbidden';
    if (!socket.writable) return void socket.destroy();
    socket.once('finish', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (closing) return refuse(socket, 503, 'shutting down', req);
    if (!isAllowedHost(req.headers.host, port)) return refuse(socket, 403, 'host', req);
    if ((req.url ?? '/').split('?')[0] !== '/') return refuse(socket, 404, 'path', req);
    const origin = req.headers.origin;
    const needsStore = origin !== undefined && origin !== CHROME_EXTENSION_ORIGIN && isMozExtensionOrigin(origin);
    const verdict = checkOrigin(origin, {
      extraOrigins: opts.extraOrigins,
      keyOrigins: needsStore ? new Set(await opts.store.listKeyOrigins()) : new Set(),
      pairingActive: needsStore
        ? (await opts.store.activePairingCodes(opts.clock.now().toISOString())).length > 0
        : false,
    });
    if (!verdict.ok) return refuse(socket, 403, verdict.reason, req);
    if (closing) return refuse(socket, 503, 'shutting down', req);

    wss.handleUpgrade(req, socket, head, (ws) => {
      if (closing) return ws.close(CLOSE_CODES.GOING_AWAY, 'companion shutting down');
      if (connections.size >= maxConnections) {
        log.warn('connection refused: at capacity', { maxConnections });
        return ws.close(CLOSE_CODES.OVER_CAPACITY, 'too many connections');
      }
      const conn = new Connection(ws, ctx, {
        id: opts.ids.id('conn'),
        origin: verdict.origin,
        mode: verdict.mode,
        remote: req.socket.remoteAddress ?? 'unknown',
      });
      connections.add(conn);
      sockets.add(ws);
      ws.once('close', () => {
        connections.delete(conn);
        sockets.delete(ws);
      });
      log.debug('connection opened', { conn: conn.info.id, mode: verdict.mode });
    });
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch((err: unknown) => {
      log.error('upgrade failed', { err });
      socket.destroy();
    });
  });

  return {
    get port() {
      return port;
    },
    connections,
    broadcaster,
    presence,
    listen(p, host) {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        http.once('error', onError);
        http.listen({ port: p, host, exclusive: true }, () => {
          http.off('error', onError);
          const addr = http.address();
          port = typeof addr === 'object' && addr ? addr.port : p;
          resolve(port);
        });
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      presence.stop();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      const waits = [...sockets].map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            const t = setTimeout(() => {
              ws.terminate();
              resolve();
            }, 1000);
            ws.once('close', () => {
              clearTimeout(t);
              resolve();
            });
            ws.close(CLOSE_CODES.GOING_AWAY, 'companion shutting down');
          }),
      );
      await Promise.all(waits);
      wss.close();
      http.closeAllConnections();
      await closed;
    },
  };
}
