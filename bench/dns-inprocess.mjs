#!/usr/bin/env node
// In-process DNS hot-path benchmark: calls the query handler (src/dns/handler.ts) in a loop
// on the lab query mix, without sockets, to see what each stage costs:
//   scan    scanQuery() alone (validation + cache key),
//   cached  handle() with the answer cache warm (the server's steady state),
//   nocache handle() with the cache off (scan + respond() + encode, every query).
// TypeScript sources are loaded through vite-node, so run it as:
//   node_modules/.bin/vite-node bench/dns-inprocess.mjs            (BENCH_SECONDS=2 per stage)
// Prints queries/s per stage and writes nothing.
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const { LAB_QUERIES: QUERIES } = await import('./lib/lab-queries.mjs');
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

const { loadNamedConf } = await import(resolve(ROOT, 'src/zones/named-conf.ts'));
const { createQueryHandler } = await import(resolve(ROOT, 'src/dns/handler.ts'));
const { scanQuery } = await import(resolve(ROOT, 'src/dns/query-parse.ts'));
const { buildQuery, typeNumber } = await import(resolve(ROOT, 'src/dns/server.ts'));


const zones = loadNamedConf(resolve(ROOT, 'fixtures/lab/named.conf')).zoneSet;
// dnsperf sends RD=1 and, by default, an OPT: both variants in the mix.
const msgs = [];
for (const line of QUERIES) {
  const [name, type] = line.split(' ');
  msgs.push(buildQuery(1, name, typeNumber(type), { rd: true }));
  msgs.push(buildQuery(1, name, typeNumber(type), { rd: true, edns: true }));
}

function measure(label, fn) {
  // Warm up (JIT, cache), then count whole passes over the mix for SECONDS.
  for (let i = 0; i < 20000; i++) fn(msgs[i % msgs.length], i);
  let n = 0;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(SECONDS * 1e9));
  let now = t0;
  while (now < end) {
    for (let i = 0; i < 1000; i++) {
      const m = msgs[(n + i) % msgs.length];
      m[0] = i >> 8;
      m[1] = i & 0xff;
      const r = fn(m, i);
      if (r && r.length) bytes += r.length;
    }
    n += 1000;
    now = process.hrtime.bigint();
  }
  const secs = Number(now - t0) / 1e9;
  const qps = n / secs;
  console.log(`${label.padEnd(8)} ${Math.round(qps).toLocaleString('en-US').padStart(12)} q/s  ${(1e9 / qps).toFixed(0).padStart(6)} ns/query${bytes ? `  avg reply ${Math.round(bytes / n)} B` : ''}`);
  return qps;
}

const cached = createQueryHandler(() => zones);
const uncached = createQueryHandler(() => zones, { cacheSize: 0 });
console.log(`labnet DNS hot path, in process, ${msgs.length} distinct queries (lab mix, with and without EDNS), ${SECONDS}s per stage, node ${process.version}`);
const result = {
  scan: measure('scan', (m) => scanQuery(m, 'udp')),
  cached: measure('cached', (m) => cached.handle(m, 'udp')),
  nocache: measure('nocache', (m) => uncached.handle(m, 'udp')),
};
const s = cached.stats();
console.log(`cache: ${s.cacheHits} hits, ${s.cacheMisses} misses, ${s.cacheEntries} entries, ${s.cacheBytes} bytes`);
console.log(JSON.stringify(Object.fromEntries(Object.entries(result).map(([k, v]) => [k, Math.round(v)]))));
