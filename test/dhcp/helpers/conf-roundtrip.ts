/**
 * The printer's round trip (src/dhcp/conf/print.ts): a config labnet read, printed and read
 * again, is the same config (source positions aside), and prints again identically.
 */
import { parseDhcpdConf } from '../../../src/dhcp/conf/parser.js';
import { printDhcpdConf } from '../../../src/dhcp/conf/print.js';
import type { DhcpConfig } from '../../../src/dhcp/types.js';

const POSITION_KEYS = new Set(['source', 'file', 'line', 'col', 'statementSources']);

/** A deep copy without positions; maps and sets as sorted entry lists (their order of insertion is not the config). */
export function withoutPositions(v: unknown, seen = new Map<unknown, unknown>()): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Buffer.isBuffer(v)) return `buf:${v.toString('hex')}`;
  if (seen.has(v)) return seen.get(v);
  if (v instanceof Map) {
    const out: unknown[] = [];
    seen.set(v, out);
    for (const [k, x] of v) out.push([withoutPositions(k, seen), withoutPositions(x, seen)]);
    out.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    return out;
  }
  if (v instanceof Set) return [...v].map((x) => withoutPositions(x, seen)).sort();
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    seen.set(v, out);
    for (const x of v) out.push(withoutPositions(x, seen));
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(v, out);
  for (const [k, x] of Object.entries(v)) if (!POSITION_KEYS.has(k) && x !== undefined) out[k] = withoutPositions(x, seen);
  return out;
}

export interface RoundTrip {
  first: DhcpConfig;
  printed: string;
  second: DhcpConfig;
  reprinted: string;
}

/** Parse `text`, print it, parse the print, print again. Throws what the parser throws on `text`; errors of the printer or of the print start with `the print`. */
export function roundTrip(text: string, file = 'dhcpd.conf'): RoundTrip {
  const first = parseDhcpdConf(text, file, { readFile: () => '' });
  let printed: string;
  try {
    printed = printDhcpdConf(first);
  } catch (e) {
    throw new Error(`the printer fails: ${(e as Error).message}`);
  }
  let second: DhcpConfig;
  try {
    second = parseDhcpdConf(printed, 'printed.conf');
  } catch (e) {
    throw new Error(`the print does not parse: ${(e as Error).message}\n${printed}`);
  }
  return { first, printed, second, reprinted: printDhcpdConf(second) };
}

/**
 * The model without positions. `statementSources` goes with them: it records where each keyword
 * is first written, also in text that leaves nothing else in the model (a subclass replaced by a
 * later one of the same data, an empty group), which no print can bring back.
 */
export function comparable(cfg: DhcpConfig): unknown {
  return withoutPositions(cfg);
}
