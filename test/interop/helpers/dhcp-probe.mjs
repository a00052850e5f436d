// Runs inside the client namespace as a relay agent (RFC 2131 4.1): binds port 67 on every
// address of the namespace (a relay may answer for several giaddrs), sends each request (hex,
// one per line of stdin) to SERVER:67 and prints each reply as `XID HEX` (or `XID -` after a
// timeout). A line starting with `!` is sent with no reply awaited and prints nothing (a
// DHCPRELEASE). Usage: node dhcp-probe.mjs SERVER TIMEOUT_MS
import dgram from 'node:dgram';
import { createInterface } from 'node:readline';

const [server, timeoutArg] = process.argv.slice(2);
const timeoutMs = Number(timeoutArg ?? 4000);
const sock = dgram.createSocket('udp4');
await new Promise((res, rej) => { sock.once('error', rej); sock.bind(67, '0.0.0.0', res); });
const waiting = new Map();
sock.on('message', (msg) => {
  if (msg.length < 240) return;
  const xid = msg.readUInt32BE(4);
  const w = waiting.get(xid);
  if (w) { waiting.delete(xid); w(msg.toString('hex')); }
});
for await (const line of createInterface({ input: process.stdin })) {
  const text = line.trim();
  if (!text) continue;
  if (text.startsWith('!')) {
    sock.send(Buffer.from(text.slice(1), 'hex'), 67, server);
    continue;
  }
  const pkt = Buffer.from(text, 'hex');
  const xid = pkt.readUInt32BE(4);
  const got = new Promise((res) => {
    waiting.set(xid, res);
    setTimeout(() => { if (waiting.delete(xid)) res('-'); }, timeoutMs);
  });
  sock.send(pkt, 67, server);
  process.stdout.write(`${xid} ${await got}\n`);
}
sock.close();
