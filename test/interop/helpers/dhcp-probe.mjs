// Runs inside the client namespace as a relay agent (RFC 2131 4.1): binds RELAY:67, sends each
// request (hex, one per line of stdin) to SERVER:67 and prints each reply as `XID HEX` (or
// `XID -` after a timeout). Usage: node dhcp-probe.mjs RELAY SERVER TIMEOUT_MS
import dgram from 'node:dgram';
import { createInterface } from 'node:readline';

const [relay, server, timeoutArg] = process.argv.slice(2);
const timeoutMs = Number(timeoutArg ?? 4000);
const sock = dgram.createSocket('udp4');
await new Promise((res, rej) => { sock.once('error', rej); sock.bind(67, relay, res); });
const waiting = new Map();
sock.on('message', (msg) => {
  if (msg.length < 240) return;
  const xid = msg.readUInt32BE(4);
  const w = waiting.get(xid);
  if (w) { waiting.delete(xid); w(msg.toString('hex')); }
});
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const pkt = Buffer.from(line.trim(), 'hex');
  const xid = pkt.readUInt32BE(4);
  const got = new Promise((res) => {
    waiting.set(xid, res);
    setTimeout(() => { if (waiting.delete(xid)) res('-'); }, timeoutMs);
  });
  sock.send(pkt, 67, server);
  process.stdout.write(`${xid} ${await got}\n`);
}
sock.close();
