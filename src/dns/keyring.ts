/**
 * TSIG keyrings from named.conf `key` statements (named.conf(5) "key", RFC 8945). As BIND
 * 9.18 builds them (named's tsigconf: a view's ring is made of the top-level `key`
 * statements and the view's own), so a key written inside one view is unknown to every
 * other view; named-checkconf refuses a name twice in one ring (check-refs.ts).
 */
import { absoluteName, nameKey } from '../wire/name.js';
import { tsigKeyAlgorithm, type TsigKey } from './tsig.js';
import type { KeyConf } from '../zones/named-conf/model.js';

/** The key of a name (any case, absolute or not), or undefined. */
export type Keyring = (name: string) => TsigKey | undefined;

/** A `key` statement as a TSIG key; undefined for an algorithm labnet has no HMAC for. */
export function tsigKey(k: KeyConf): TsigKey | undefined {
  const a = tsigKeyAlgorithm(k.algorithm);
  if (a === undefined) return undefined;
  const key: TsigKey = { name: nameKey(absoluteName(k.name)), algorithm: a.algorithm, secret: Buffer.from(k.secret, 'base64') };
  // A truncated key (`hmac-sha256-128`) signs and accepts MACs of that many bits.
  return a.digestBits === undefined ? key : { ...key, digestBits: a.digestBits };
}

/** The keys by name, the first of a name kept. */
export function keyMap(keys: readonly KeyConf[], added: readonly TsigKey[] = []): Map<string, TsigKey> {
  const m = new Map<string, TsigKey>();
  for (const t of [...keys.map(tsigKey), ...added]) if (t && !m.has(t.name)) m.set(t.name, t);
  return m;
}

/** A ring of `keys` (then `added`: keys the lab adds to every view, such as its DDNS key). */
export function keyringOf(keys: readonly KeyConf[], added: readonly TsigKey[] = []): Keyring {
  const m = keyMap(keys, added);
  return (name) => m.get(nameKey(absoluteName(name)));
}
