/**
 * The control endpoint of a running labnet (`--control 127.0.0.1:PORT`): HTTP/1.1, on
 * loopback unless a token is set (`--control-token-file FILE`); with a token every request
 * must carry `Authorization: Bearer TOKEN` (RFC 6750 2.1), else 401 and nothing is done.
 * GET /status and GET /leases answer JSON, POST /reload reloads the files and answers what
 * happened, GET /metrics answers the Prometheus text format; none of them holds a key's
 * secret. `labnet status`, `labnet leases` and `labnet reload` are its clients
 * (control-client.ts).
 */
import http from 'node:http';
import net from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Endpoint } from '../util/endpoint.js';
import { UsageError } from '../util/endpoint.js';

export interface ControlHandlers {
  status(): unknown;
  leases(): unknown;
  reload(): Promise<unknown>;
  metrics(): string | Promise<string>;
}

export interface ControlServer {
  readonly address: Endpoint;
  close(): Promise<void>;
}

const isLoopback = (address: string) => (net.isIPv4(address) ? address.startsWith('127.') : address === '::1');

/**
 * Only loopback, unless a token guards it: the endpoint reloads files and lists every lease,
 * so it never faces a network open.
 */
export function checkLoopback(e: Endpoint, flag: string, token?: string): Endpoint {
  if (!isLoopback(e.address) && token === undefined) {
    throw new UsageError(`${flag}: the control endpoint listens on loopback only (127.0.0.1 or ::1), not '${e.address}', unless --control-token-file gives it a token`);
  }
  return e;
}

/** Whether the request carries `Authorization: Bearer TOKEN` with this token (compared in constant time). */
function authorized(req: http.IncomingMessage, token: string): boolean {
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

const ROUTES: Record<string, { method: string; run: (h: ControlHandlers) => Promise<{ type: string; body: string }> }> = {
  '/status': { method: 'GET', run: async (h) => json(await h.status()) },
  '/leases': { method: 'GET', run: async (h) => json(h.leases()) },
  '/reload': { method: 'POST', run: async (h) => json(await h.reload()) },
  '/metrics': { method: 'GET', run: async (h) => ({ type: 'text/plain; version=0.0.4; charset=utf-8', body: await h.metrics() }) },
};

function json(v: unknown) {
  return { type: 'application/json', body: JSON.stringify(v, null, 2) + '\n' };
}

export async function startControlServer(at: Endpoint, handlers: ControlHandlers, opts: { token?: string } = {}): Promise<ControlServer> {
  checkLoopback(at, '--control', opts.token);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = ROUTES[path];
    const send = (code: number, type: string, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
      res.end(body);
    };
    if (opts.token !== undefined && !authorized(req, opts.token)) {
      return send(401, 'application/json', JSON.stringify({ error: 'a token is required (Authorization: Bearer TOKEN)' }) + '\n', { 'www-authenticate': 'Bearer realm="labnet"' });
    }
    if (!route) return send(404, 'application/json', JSON.stringify({ error: `no ${path}; try ${Object.keys(ROUTES).join(' ')}` }) + '\n');
    if (req.method !== route.method) return send(405, 'application/json', JSON.stringify({ error: `${path} takes ${route.method}` }) + '\n', { allow: route.method });
    route.run(handlers).then(
      (r) => send(200, r.type, r.body),
      (e) => send(500, 'application/json', JSON.stringify({ error: e instanceof Error ? e.message : String(e) }) + '\n'),
    );
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const a = server.address() as net.AddressInfo;
  return {
    address: { address: a.address, port: a.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
