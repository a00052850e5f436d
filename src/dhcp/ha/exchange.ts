/**
 * The partners' control exchange, in Kea's control-channel form (Kea ARM "Management API":
 * a POST of `{"command": NAME, "service": ["dhcp4"], "arguments": {...}}`, answered by a list
 * of one `{"result": R, "text": T, "arguments": {...}}`; result 0 success, 1 error, 3 empty).
 * HTTP/1.1 on the address each peer's URL names, keep-alive connections to the partner.
 * Sockets only: what the commands do is the handler's business (service.ts).
 */
import http from 'node:http';
import type { Endpoint } from '../../util/endpoint.js';
import type { Clock } from '../../util/clock.js';
import { timerOf } from '../../util/clock.js';

export interface CommandAnswer {
  result: number;
  text?: string;
  arguments?: Record<string, unknown>;
}

export type CommandHandler = (command: string, args: Record<string, unknown>) => Promise<CommandAnswer>;

export interface ExchangeServer {
  readonly address: Endpoint;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024 * 1024;

export async function startExchangeServer(at: Endpoint, handle: CommandHandler): Promise<ExchangeServer> {
  const server = http.createServer((req, res) => {
    const send = (code: number, answer: CommandAnswer) => {
      const body = JSON.stringify([answer]);
      res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.method !== 'POST') return send(405, { result: 1, text: 'POST a command' });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let cmd: { command?: unknown; arguments?: unknown };
      try {
        cmd = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof cmd;
      } catch {
        return send(400, { result: 1, text: 'invalid JSON' });
      }
      if (typeof cmd.command !== 'string') return send(400, { result: 1, text: "no 'command'" });
      const args = cmd.arguments && typeof cmd.arguments === 'object' ? (cmd.arguments as Record<string, unknown>) : {};
      handle(cmd.command, args).then(
        (a) => send(200, a),
        (e) => send(200, { result: 1, text: e instanceof Error ? e.message : String(e) }),
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.address, () => resolve());
  });
  const a = server.address();
  const address = typeof a === 'object' && a ? { address: a.address, port: a.port } : at;
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface ExchangeClient {
  /** Send a command; resolves with the answer, rejects on a transport failure or timeout. */
  send(command: string, args?: Record<string, unknown>): Promise<CommandAnswer>;
  close(): void;
}

export function exchangeClient(to: Endpoint, opts: { clock: Clock; timeoutMs: number }): ExchangeClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const setTimer = timerOf(opts.clock);
  return {
    send(command, args) {
      const body = JSON.stringify({ command, service: ['dhcp4'], ...(args ? { arguments: args } : {}) });
      return new Promise<CommandAnswer>((resolve, reject) => {
        const req = http.request(
          { host: to.address, port: to.port, method: 'POST', path: '/', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              cancel();
              try {
                const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
                const a = (Array.isArray(v) ? v[0] : v) as CommandAnswer | undefined;
                if (!a || typeof a.result !== 'number') reject(new Error('partner: malformed answer'));
                else resolve(a);
              } catch {
                reject(new Error('partner: malformed answer'));
              }
            });
            res.on('error', (e) => {
              cancel();
              reject(e);
            });
          },
        );
        const cancel = setTimer(opts.timeoutMs, () => req.destroy(new Error(`partner: no answer in ${opts.timeoutMs} ms`)));
        req.on('error', (e) => {
          cancel();
          reject(e);
        });
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
