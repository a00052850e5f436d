// Child processes the benchmarks start: each is tracked and killed on exit or on a signal,
// by its own pid (never by name). RSS comes from /proc/PID/status.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const live = new Set();

function killAll() {
  for (const c of live) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

/** Spawns a tracked process; keeps the last 8 KB of its output for error messages. */
export function startProcess(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  live.add(child);
  let tail = '';
  const keep = (d) => {
    tail = (tail + d.toString()).slice(-8192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const done = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    pid: child.pid,
    alive: () => !exited,
    output: () => tail,
    async stop() {
      if (exited) return done;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      const r = await done;
      clearTimeout(t);
      return r;
    },
  };
}

/** Resident and peak resident set size in KiB (VmRSS, VmHWM of /proc/PID/status). */
export function memoryKiB(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const get = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
  return { rss: get('VmRSS'), hwm: get('VmHWM') };
}

/** Runs a command to completion; resolves {code, stdout, stderr}. Tracked like the servers. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      live.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}
