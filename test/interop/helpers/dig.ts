/**
 * dig (bind9-dnsutils) run against a server on loopback from a chosen source address
 * (`-b`, any of 127.0.0.0/8 on Linux), its output read into sections for comparison. Only
 * loopback servers are queried; dig never reads /etc/resolv.conf's servers here since the
 * server is always given with `@`.
 */
import { execFile } from 'node:child_process';
import type { Endpoint } from './net.js';

export interface DigAnswer {
  /** `status:` of the header line, or the failure when no reply came (timeout, closed). */
  status: string;
  flags: string[];
  /** `QUERY: 1, ANSWER: 4, ...` */
  counts: string;
  /** `; EDE: 18 (Prohibited)` lines. */
  ede: string[];
  question: string[];
  answer: string[];
  authority: string[];
  additional: string[];
  /** Everything dig printed (a transfer's records, "; Transfer failed."). */
  raw: string;
}

/** Runs dig and reads its answer (a missing reply is a status, not an error). */
export function dig(server: Endpoint, source: string, args: string[]): Promise<DigAnswer> {
  if (!server.host.startsWith('127.') || !source.startsWith('127.')) throw new Error('dig: loopback only');
  const argv = [`@${server.host}`, '-p', String(server.port), '-b', source, '+nocookie', '+tries=1', '+time=1', '+nostats', ...args];
  return new Promise((resolve) => {
    execFile('dig', argv, { timeout: 10_000 }, (_err, stdout) => resolve(readDig(stdout)));
  });
}

const SECTION = /^;; (QUESTION|ANSWER|AUTHORITY|ADDITIONAL) SECTION:$/;

/** Record lines with dig's column padding folded to single spaces. */
const tidy = (l: string) => l.replace(/\s+/g, ' ').trim();

export function readDig(out: string): DigAnswer {
  const a: DigAnswer = { status: '', flags: [], counts: '', ede: [], question: [], answer: [], authority: [], additional: [], raw: out };
  let section: 'question' | 'answer' | 'authority' | 'additional' | undefined;
  for (const line of out.split('\n')) {
    const head = /status: ([A-Z]+)/.exec(line);
    if (head) a.status = head[1];
    const flags = /^;; flags: ([^;]*); (.*)$/.exec(line);
    if (flags) {
      a.flags = flags[1].trim().split(/\s+/).sort();
      a.counts = flags[2].trim();
    }
    if (line.startsWith('; EDE:')) a.ede.push(line.trim());
    const sec = SECTION.exec(line);
    if (sec) {
      section = sec[1].toLowerCase() as typeof section;
      continue;
    }
    if (line.trim() === '') {
      section = undefined;
      continue;
    }
    if (section) a[section].push(tidy(line));
  }
  if (!a.status) {
    if (/timed out/.test(out)) a.status = 'timeout';
    else if (/end of file|connection reset|communications error/.test(out)) a.status = 'closed';
    else if (/Transfer failed/.test(out)) a.status = 'transfer failed';
    else a.status = 'no header';
  }
  return a;
}
