/**
 * The companion's HTTP side: only GET /healthz (for `inlay status`/`doctor`),
 * and only with a loopback Host for our port. No CORS headers, ever: a web
 * page can neither read the answer nor reach the socket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { isAllowedHost } from './upgrade-guard.js';

export const HEALTH_APP = 'inlay-companion';

export interface Health {
  app: typeof HEALTH_APP;
  protocol: number;
  version: string;
}

export function createHttpServer(opts: { version: string; port: () => number }): Server {
  const health: Health = { app: HEALTH_APP, protocol: PROTOCOL_VERSION, version: opts.version };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!isAllowedHost(req.headers.host, opts.port())) return plain(res, 403, 'Forbidden');
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/healthz') return plain(res, 404, 'Not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed');
    const body = JSON.stringify(health);
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 1_000;
  return server;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
  });
  res.end(text);
}
