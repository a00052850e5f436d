// Loopback-only networking for the benchmarks: a free port, a raw DNS query builder, and
// readiness polling (a query is sent until the server answers it; no fixed sleeps).
import dgram from 'node:dgram';
import net from 'node:net';

export const LOOPBACK = '127.0.0.1';

/** A port free for TCP and UDP on 127.0.0.1 (the kernel picks it). */
export async function freePort() {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, LOOPBACK, () => {
        const p = srv.address().port;
        srv.close(() => resolve(p));
      });
    });
    const ok = await new Promise((resolve) => {
      const s = dgram.createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, LOOPBACK, () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port');
}

/** One query (RFC 1035 4.1.1), RD=1, no EDNS. */
export function buildQuery(name, type, id = 0x2a2a) {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  const parts = [Buffer.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0])];
  for (const l of labels) parts.push(Buffer.from([l.length]), Buffer.from(l, 'latin1'));
  parts.push(Buffer.from([0, type >> 8, type & 0xff, 0, 1]));
  return Buffer.concat(parts);
}

/** Sends a UDP query to 127.0.0.1:port; resolves {rcode, ancount} or null on timeout. */
export function udpAsk(port, query, timeoutMs = 250) {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      resolve(null);
    }, timeoutMs);
    s.once('message', (m) => {
      clearTimeout(t);
      s.close();
      resolve({ rcode: m[3] & 0x0f, ancount: m.readUInt16BE(6) });
    });
    s.once('error', () => {
      clearTimeout(t);
      s.close();
      resolve(null);
    });
    s.send(query, port, LOOPBACK);
  });
}

/**
 * Polls `name type` until a NOERROR answer with records arrives. Returns ms since `t0`
 * (a performance.now() value taken just before the server was spawned).
 */
export async function waitAnswer(port, name, type, t0, { timeoutMs = 60000, alive = () => true } = {}) {
  const q = buildQuery(name, type);
  for (;;) {
    if (!alive()) throw new Error('server exited before answering');
    const r = await udpAsk(port, q);
    if (r && r.rcode === 0 && r.ancount > 0) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`no answer for ${name} in ${timeoutMs} ms`);
    if (!r) continue; // the 250 ms timeout paced us already
    await new Promise((res) => setTimeout(res, 10));
  }
}
