/**
 * The RDATA labnet's parser makes of a zone file beside what a live named serves for it:
 * every (owner, type) of the file but the apex SOA and NS asked over TCP, the RDATA of each
 * kept as a set of hex strings.
 */
import { expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseZoneFile } from '../../../src/zones/parser.js';
import { startBind } from './bind.js';
import { tcpExchange } from './net.js';
import { buildQuery, parseMessage } from './wire.js';

/** Sorted `owner type: hex hex ...` lines, labnet's and named's, for zone `example` in `file`. */
export async function servedRdata(file: string): Promise<{ ours: string[]; theirs: string[] }> {
  const ours = new Map<string, Set<string>>();
  for (const r of parseZoneFile(file, { origin: 'example.' })) {
    if (r.type === 2 || r.type === 6) continue; // the header's NS and SOA (parseMessage prints their names)
    const k = `${r.name.toLowerCase()} ${r.type}`;
    if (!ours.has(k)) ours.set(k, new Set());
    ours.get(k)!.add(r.rdata.toString('hex'));
  }
  const bind = await startBind({ zones: [{ origin: 'example', file }] });
  try {
    const theirs = new Map<string, Set<string>>();
    for (const k of ours.keys()) {
      const [name, type] = k.split(' ');
      const reply = parseMessage(await tcpExchange(bind.address, buildQuery({ name, type: Number(type) })));
      theirs.set(k, new Set(reply.answer.filter((rr) => rr.type === Number(type)).map((rr) => rr.rdata)));
    }
    const sorted = (m: Map<string, Set<string>>) => [...m].map(([k, v]) => `${k}: ${[...v].sort().join(' ')}`).sort();
    return { ours: sorted(ours), theirs: sorted(theirs) };
  } finally {
    await bind.close();
  }
}

/** Writes `text` as `dir/name.zone`; labnet's RDATA of every (owner, type) is what named serves (at least `atLeast` of them). */
export async function expectServedAsNamed(dir: string, name: string, text: string, atLeast: number): Promise<void> {
  const file = join(dir, `${name}.zone`);
  writeFileSync(file, text, 'latin1');
  const { ours, theirs } = await servedRdata(file);
  expect(ours).toEqual(theirs);
  expect(ours.length).toBeGreaterThan(atLeast);
}
