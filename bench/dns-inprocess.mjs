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

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

const { loadNamedConf } = await import(resolve(ROOT, 'src/zones/named-conf.ts'));
const { createQueryHandler } = await import(resolve(ROOT, 'src/dns/handler.ts'));
const { scanQuery } = await import(resolve(ROOT, 'src/dns/query-parse.ts'));
const { buildQuery, typeNumber } = await import(resolve(ROOT, 'src/dns/server.ts'));

// The same mix as bench/dns.mjs (dnsperf): positives, CNAMEs, 3 NXDOMAIN, 1 NODATA.
const QUERIES = [
  'vcenter.lab.local A', 'esxi01.lab.local A', 'esxi02.lab.local A', 'esxi03.lab.local A',
  'ns.lab.local A', 'ubuntu.lab.local A', 'gateway.lab.local A', 'jupyter.lab.local A',
  'mail.lab.local A', 'kubeflow.lab.local A', 'www.lab.local A', 'lab.local A', 'lab.local MX',
  'lab.local NS', 'lab.local SOA', 'lab.local TXT', '_ldap._tcp.lab.local SRV',
  '135.244.168.192.in-addr.arpa PTR', '131.244.168.192.in-addr.arpa PTR',
  '139.244.168.192.in-addr.arpa PTR', '140.244.168.192.in-addr.arpa PTR',
  'esxi04.lab.local A', 'nothere.lab.local A', '99.244.168.192.in-addr.arpa PTR',
  'vcenter.lab.local AAAA',
];

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
