/**
 * The control endpoint of a running labnet (`--control 127.0.0.1:PORT`): HTTP/1.1 on
 * loopback only. GET /status and GET /leases answer JSON, POST /reload reloads the files
 * and answers what happened, GET /metrics answers the Prometheus text format. `labnet
 * status`, `labnet leases` and `labnet reload` are its clients (control-client.ts).
 */
import http from 'node:http';
import net from 'node:net';
import type { Endpoint } from '../util/endpoint.js';
import { UsageError } from '../util/endpoint.js';

export interface ControlHandlers {
  status(): unknown;
  leases(): unknown;
  reload(): Promise<unknown>;
  metrics(): string;
}

export interface ControlServer {
  readonly address: Endpoint;
  close(): Promise<void>;
}

/** Only loopback: the endpoint reloads files and lists every lease, so it never faces a network. */
export function checkLoopback(e: Endpoint, flag: string): Endpoint {
  const loopback = net.isIPv4(e.address) ? e.address.startsWith('127.') : e.address === '::1';
  if (!loopback) throw new UsageError(`${flag}: the control endpoint listens on loopback only (127.0.0.1 or ::1), not '${e.address}'`);
  return e;
}

const ROUTES: Record<string, { method: string; run: (h: ControlHandlers) => Promise<{ type: string; body: string }> }> = {
  '/status': { method: 'GET', run: async (h) => json(h.status()) },
  '/leases': { method: 'GET', run: async (h) => json(h.leases()) },
  '/reload': { method: 'POST', run: async (h) => json(await h.reload()) },
  '/metrics': { method: 'GET', run: async (h) => ({ type: 'text/plain; version=0.0.4; charset=utf-8', body: h.metrics() }) },
};

function json(v: unknown) {
  return { type: 'application/json', body: JSON.stringify(v, null, 2) + '\n' };
}

export async function startControlServer(at: Endpoint, handlers: ControlHandlers): Promise<ControlServer> {
  checkLoopback(at, '--control');
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = ROUTES[path];
    const send = (code: number, type: string, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
      res.end(body);
    };
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
