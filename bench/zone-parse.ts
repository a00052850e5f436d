/**
 * Parser throughput: streams a generated zone of N A records (default 1,000,000) through
 * parseZone without keeping the records, and prints the best of ROUNDS runs (records/s, wall and
 * CPU seconds) and peak memory.
 * Run: node_modules/.bin/vite-node bench/zone-parse.ts [N] [ROUNDS]
 */
import { parseZone } from '../src/zones/parser.js';

const n = Number(process.argv[2] ?? 1_000_000);
// Built as one latin1 string (as parseZoneFile reads a file), not a 1M-element array.
const head = '$TTL 3600\n@ IN SOA ns root 1 7200 3600 1209600 300\n@ IN NS ns\nns IN A 10.0.0.1\n';
const chunks: string[] = [head];
let chunk = '';
for (let i = 0; i < n; i++) {
  chunk += `host${i} IN A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\n`;
  if (chunk.length > 1 << 16) {
    chunks.push(chunk);
    chunk = '';
  }
}
chunks.push(chunk);
const text = Buffer.from(chunks.join(''), 'latin1').toString('latin1');
chunks.length = 0;
global.gc?.();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakHeap = base.heapUsed;
const rounds = Number(process.argv[3] ?? 3);
let best = { secs: Infinity, cpuSecs: Infinity };
let count = 0;
for (let round = 0; round < rounds; round++) {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  count = 0;
  for (const rr of parseZone(text, { origin: 'bench.test.', file: 'bench' })) {
    count++;
    if (rr.rdata.length === 0) throw new Error('empty rdata');
    if ((count & 0xffff) === 0) {
      const m = process.memoryUsage();
      if (m.rss > peakRss) peakRss = m.rss;
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    }
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  if (secs < best.secs) best = { secs, cpuSecs };
}
const { secs, cpuSecs } = best;
const mb = (b: number): string => (b / 1048576).toFixed(0);
console.log(
  `zone-parse: ${count} records in ${secs.toFixed(2)} s wall, ${cpuSecs.toFixed(2)} s CPU = ${Math.round(count / secs)} rec/s; ` +
  `text ${mb(text.length)} MB; RSS ${mb(base.rss)} -> peak ${mb(peakRss)} MB; heap ${mb(base.heapUsed)} -> peak ${mb(peakHeap)} MB`,
);
