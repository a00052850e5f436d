/**
 * Debian's stock /etc/bind (bind9's named.conf including named.conf.options,
 * named.conf.local and named.conf.default-zones, with db.local, db.127, db.0, db.255 and
 * the root hints) with the lab zones added to named.conf.local, as the issue's user did:
 * served by a live named 9.18 and by labnet (startServices, what `labnet serve
 * --named-conf` runs) from copies of the same files, compared through dig section by
 * section. Only what running on this machine safely needs is changed in the options file,
 * the same for both: the folder (directory, pid-file, session-keyfile,
 * managed-keys-directory), listening on 127.0.0.1 and a free port instead of every
 * interface, `recursion no` and `dnssec-validation no` (the stock server would query the
 * root servers: no packet leaves loopback here).
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinary, startBindConf, type BindInstance } from './helpers/bind.js';
import { freePort, type Endpoint } from './helpers/net.js';
import { dig, type DigAnswer } from './helpers/dig.js';
import { writeDebianWithLab } from './helpers/verdict-table.js';
import { startServices, type Services } from '../../src/lab/services.js';

/** The stock copy in `dir`, its options changed as the file comment says; returns named.conf's text. */
function stockConf(dir: string, port: number): string {
  const conf = writeDebianWithLab(dir);
  const options = join(dirname(conf), 'named.conf.options');
  const stock = readFileSync(options, 'latin1');
  const patched = stock
    .replace(/directory "[^"]*";/, `directory "${dir}";\n\tpid-file "${dir}/named.pid";\n\tsession-keyfile "${dir}/session.key";\n\tmanaged-keys-directory "${dir}";\n\tlisten-on port ${port} { 127.0.0.1; };\n\trecursion no;`)
    .replace('dnssec-validation auto;', 'dnssec-validation no;')
    .replace('listen-on-v6 { any; };', 'listen-on-v6 { none; };');
  // The stock file has each of these once; a changed Debian file must fail here, not run unpatched.
  expect(patched).toContain('recursion no;');
  expect(patched).toContain('dnssec-validation no;');
  expect(patched).toContain('listen-on-v6 { none; };');
  writeFileSync(options, patched);
  return readFileSync(conf, 'latin1');
}

const haveAll = haveBinary('named') && haveBinary('dig') && ['/etc/bind/named.conf', '/usr/share/dns/root.hints'].every((f) => {
  try {
    return readFileSync(f).length > 0;
  } catch {
    return false;
  }
});
let bind: BindInstance;
let labnet: Services;
let labDir: string;
let lab: Endpoint;

beforeAll(async () => {
  if (!haveAll) return;
  bind = await startBindConf({}, stockConf, 'lab.local');
  labDir = mkdtempSync(join(tmpdir(), 'labnet-debian-stock-'));
  const port = await freePort();
  stockConf(labDir, port);
  labnet = await startServices({ namedConf: join(labDir, 'named.conf'), dns: { address: '127.0.0.1', port } });
  lab = { host: '127.0.0.1', port: labnet.dns!.address.port };
}, 60_000);

afterAll(async () => {
  await labnet?.close();
  await bind?.close();
  if (labDir) rmSync(labDir, { recursive: true, force: true });
});

const comparable = (a: DigAnswer) => ({ status: a.status, flags: a.flags, counts: a.counts, ede: a.ede, question: a.question, answer: [...a.answer].sort(), authority: [...a.authority].sort(), additional: [...a.additional].sort() });

const QUERIES: { q: string[]; status: string }[] = [
  { q: ['lab.local', 'SOA'], status: 'NOERROR' },
  { q: ['lab.local', 'NS'], status: 'NOERROR' },
  { q: ['lab.local', 'MX'], status: 'NOERROR' },
  { q: ['lab.local', 'TXT'], status: 'NOERROR' },
  { q: ['lab.local', 'ANY'], status: 'NOERROR' },
  { q: ['vcenter.lab.local', 'A'], status: 'NOERROR' },
  { q: ['www.lab.local', 'A'], status: 'NOERROR' },
  { q: ['kubeflow.lab.local', 'A'], status: 'NOERROR' },
  { q: ['_ldap._tcp.lab.local', 'SRV'], status: 'NOERROR' },
  { q: ['nothing.lab.local', 'A'], status: 'NXDOMAIN' },
  { q: ['esxi01.lab.local', 'AAAA'], status: 'NOERROR' },
  { q: ['-x', '192.168.244.135'], status: 'NOERROR' },
  { q: ['-x', '192.168.244.250'], status: 'NXDOMAIN' },
  { q: ['localhost', 'A'], status: 'NOERROR' },
  { q: ['localhost', 'AAAA'], status: 'NOERROR' },
  { q: ['localhost', 'SOA'], status: 'NOERROR' },
  { q: ['-x', '127.0.0.1'], status: 'NOERROR' },
  { q: ['0.in-addr.arpa', 'SOA'], status: 'NOERROR' },
  { q: ['255.in-addr.arpa', 'NS'], status: 'NOERROR' },
  { q: ['example.com', 'A'], status: 'REFUSED' },
  { q: ['.', 'NS'], status: 'REFUSED' },
  { q: ['lab.local', 'AXFR'], status: 'transfer' },
];

describe.runIf(haveAll)("Debian's stock /etc/bind with the lab zones in named.conf.local, served: labnet as BIND 9.18", () => {
  for (const { q, status } of QUERIES) {
    for (const transport of ['+notcp', '+tcp']) {
      if (status === 'transfer' && transport === '+notcp') continue;
      it(`${q.join(' ')} ${transport}`, async () => {
        const [b, l] = await Promise.all([dig(bind.address, '127.0.0.1', ['+norec', transport, ...q]), dig(lab, '127.0.0.1', ['+norec', transport, ...q])]);
        if (status === 'transfer') {
          const records = (a: DigAnswer) => a.raw.split('\n').filter((x) => x && !x.startsWith(';')).map((x) => x.replace(/\s+/g, ' ').trim()).sort();
          expect(records(b).length).toBeGreaterThan(15);
          expect(records(l)).toEqual(records(b));
          return;
        }
        expect(b.status, b.raw).toBe(status);
        expect(comparable(l)).toEqual(comparable(b));
      });
    }
  }
});
