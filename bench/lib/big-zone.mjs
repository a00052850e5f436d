// A generated zone of n A records (h0 .. h{n-1}.big.test), for the big-zone rows.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export async function writeBigZone(file, n) {
  const out = createWriteStream(file);
  out.write(`$TTL 3600\n@ SOA ns.big.test. admin.big.test. 1 3600 600 86400 60\n@ NS ns\nns A 10.255.255.254\n`);
  for (let i = 0; i < n; i += 10000) {
    let s = '';
    for (let j = i; j < Math.min(n, i + 10000); j++) s += `h${j} A 10.${(j >> 16) & 255}.${(j >> 8) & 255}.${j & 255}\n`;
    if (!out.write(s)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
