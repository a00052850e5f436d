// The two servers under benchmark, each in its own process on 127.0.0.1:
// BIND 9 (`named -g -n 1`, one worker, recursion no, answer-cookie no) and labnet
// (`node bin/labnet.js serve`, the compiled dist/; before the CLI had `serve`, a child that
// imported dist/ directly: labnet-child.mjs).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from './procs.mjs';
import { LOOPBACK } from './net.mjs';

export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** zones: [{origin, file (absolute)}]. */
export function startBindServer(zones, port) {
  const dir = mkdtempSync(join(tmpdir(), 'labnet-bench-bind-'));
  const conf = join(dir, 'named.conf');
  writeFileSync(
    conf,
    `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port ${port} { ${LOOPBACK}; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  answer-cookie no;
};
${zones.map((z) => `zone "${z.origin.replace(/\.$/, '')}" { type primary; file "${z.file}"; };`).join('\n')}
`,
  );
  return withCleanup(startProcess('named', ['-g', '-c', conf, '-u', 'root', '-n', '1']), 'BIND 9', dir);
}

/**
 * The labnet CLI when dist/ has it, else the direct-import child. `workers` > 1: `labnet
 * serve --dns-workers N` (N processes answering on the one port; the CLI only).
 */
export function startLabnetServer(zones, port, { workers = 1 } = {}) {
  const cli = join(REPO, 'bin/labnet.js');
  if (!existsSync(join(REPO, 'dist/cli/main.js')) || !existsSync(join(REPO, 'dist/dns/server.js'))) {
    throw new Error('dist/ is missing or incomplete: run `npm run build` first');
  }
  const args = existsSync(join(REPO, 'dist/cli/serve.js'))
    ? [cli, 'serve', ...zones.flatMap((z) => ['--zone', `${z.origin}=${z.file}`]), '--dns', `${LOOPBACK}:${port}`, ...(workers > 1 ? ['--dns-workers', String(workers)] : [])]
    : [join(REPO, 'bench/lib/labnet-child.mjs'), String(port), ...zones.map((z) => `${z.origin}=${z.file}`)];
  const p = startProcess(process.execPath, args, { cwd: REPO });
  return { ...p, name: workers > 1 ? `labnet x${workers}` : 'labnet' };
}

/** Knot DNS (`knotd`, one UDP and one TCP worker; GUIDE section 5), zones as primary. */
export function startKnotServer(zones, port) {
  const dir = mkdtempSync(join(tmpdir(), 'labnet-bench-knot-'));
  const conf = join(dir, 'knot.conf');
  writeFileSync(
    conf,
    `server:
  rundir: "${dir}"
  listen: ${LOOPBACK}@${port}
  udp-workers: 1
  tcp-workers: 1
  background-workers: 1
database:
  storage: "${dir}"
log:
  - target: stderr
    any: warning
zone:
${zones.map((z) => `  - domain: ${z.origin.replace(/\.$/, '')}\n    file: "${z.file}"\n    zonefile-sync: -1\n    journal-content: none`).join('\n')}
`,
  );
  return withCleanup(startProcess('knotd', ['-c', conf]), 'Knot', dir);
}

/** NSD (`nsd -d`, server-count 1, rrl-ratelimit 0: Debian's NSD has RRL on; GUIDE section 5). */
export function startNsdServer(zones, port) {
  const dir = mkdtempSync(join(tmpdir(), 'labnet-bench-nsd-'));
  const conf = join(dir, 'nsd.conf');
  writeFileSync(
    conf,
    `server:
  ip-address: ${LOOPBACK}
  port: ${port}
  do-ip6: no
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "${dir}"
  database: ""
  zonelistfile: "${dir}/zone.list"
  xfrdfile: "${dir}/xfrd.state"
  xfrdir: "${dir}"
  pidfile: "${dir}/nsd.pid"
  rrl-ratelimit: 0
  verbosity: 0
remote-control:
  control-enable: no
${zones.map((z) => `zone:\n  name: ${z.origin.replace(/\.$/, '')}\n  zonefile: "${z.file}"`).join('\n')}
`,
  );
  return withCleanup(startProcess('nsd', ['-d', '-c', conf]), 'NSD', dir);
}

/** The process, named, its temporary directory removed when it stops. */
function withCleanup(p, name, dir) {
  return {
    ...p,
    name,
    async stop() {
      const r = await p.stop();
      rmSync(dir, { recursive: true, force: true });
      return r;
    },
  };
}
