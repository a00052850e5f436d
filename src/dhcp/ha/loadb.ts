/**
 * RFC 3074 (DHC load balancing): which of two servers owns a client, as ISC dhcpd 4.4 and
 * Kea 2.2's HA hook decide it. Pure.
 *
 * - The key (RFC 3074 5): the client identifier (option 61, RFC 2132 9.14) when the request
 *   carries a non-empty one, else the chaddr's first hlen octets. dhcpd's load_balance_mine
 *   and Kea's QueryFilter::loadBalance both read it so.
 * - The hash (RFC 3074 6): Pearson's, seeded with the key's length, over the key from its
 *   last octet to its first, through the mixing table of section 6.
 * - Ownership:
 *   - Kea (load-balancing): server index = hash % 2 (primary 0, secondary 1); in hot-standby
 *     the primary owns every client.
 *   - dhcpd: a 256-bit hash bucket assignment (HBA, RFC 3074 7); `split N` sets bits 0..N-1
 *     (confpars.c parse_failover_peer); the primary owns a client when
 *     `hba[hash / 8] & (1 << (hash & 3))` is set, as load_balance_mine tests it (the `& 3`
 *     is dhcpd 4.4's, so within a byte only bits 0..3 count); a client whose `secs` exceeds
 *     `load balance max seconds` is served by either server.
 */

/** RFC 3074 section 6: the mixing table, 256 distinct values. */
const MIX: Uint8Array = Uint8Array.from([
  251, 175, 119, 215, 81, 14, 79, 191, 103, 49, 181, 143, 186, 157, 0, 232, 31, 32, 55, 60, 152, 58, 17, 237, 174, 70, 160, 144, 220, 90,
  57, 223, 59, 3, 18, 140, 111, 166, 203, 196, 134, 243, 124, 95, 222, 179, 197, 65, 180, 48, 36, 15, 107, 46, 233, 130, 165, 30, 123, 161,
  209, 23, 97, 16, 40, 91, 219, 61, 100, 10, 210, 109, 250, 127, 22, 138, 29, 108, 244, 67, 207, 9, 178, 204, 74, 98, 126, 249, 167, 116,
  34, 77, 193, 200, 121, 5, 20, 113, 71, 35, 128, 13, 182, 94, 25, 226, 227, 199, 75, 27, 41, 245, 230, 224, 43, 225, 177, 26, 155, 150,
  212, 142, 218, 115, 241, 73, 88, 105, 39, 114, 62, 255, 192, 201, 145, 214, 168, 158, 221, 148, 154, 122, 12, 84, 82, 163, 44, 139, 228, 236,
  205, 242, 217, 11, 187, 146, 159, 64, 86, 239, 195, 42, 106, 198, 118, 112, 184, 172, 87, 2, 173, 117, 176, 229, 247, 253, 137, 185, 99, 164,
  102, 147, 45, 66, 231, 52, 141, 211, 194, 206, 246, 238, 56, 110, 78, 248, 63, 240, 189, 93, 92, 51, 53, 183, 19, 171, 72, 50, 33, 104,
  101, 69, 8, 252, 83, 120, 76, 135, 85, 54, 202, 125, 188, 213, 96, 235, 136, 208, 162, 129, 190, 132, 156, 38, 47, 1, 7, 254, 24, 4,
  216, 131, 89, 21, 28, 133, 37, 153, 149, 80, 170, 68, 6, 169, 234, 151,
]);

/** RFC 3074 6: the hash of `key` (0..255). */
export function loadbHash(key: Uint8Array): number {
  let h = key.length & 0xff;
  for (let i = key.length; i > 0; ) h = MIX[h ^ key[--i]!]!;
  return h;
}

/** The octets the hash is taken over: option 61 when non-empty, else chaddr[0..hlen) (RFC 3074 5). */
export function loadbKey(req: { options: Map<number, Buffer>; chaddr: Buffer; hlen: number }): Buffer {
  const cid = req.options.get(61);
  if (cid && cid.length > 0) return cid;
  return req.chaddr.subarray(0, Math.min(req.hlen, 16));
}

/** Which server of the pair owns a client; `either` when dhcpd's load balance max seconds lets both answer. */
export type Owner = 'primary' | 'secondary' | 'either';

/** How the pair splits the clients (see the module comment). */
export type Split =
  | { kind: 'kea-load-balancing' }
  | { kind: 'hot-standby' }
  | { kind: 'dhcpd-hba'; hba: Uint8Array; maxSecs?: number };

/** dhcpd's HBA for `split N` (0..256): bits 0..N-1 set, bit i in octet i/8 at 1 << (i & 7). */
export function hbaFromSplit(split: number): Uint8Array {
  const hba = new Uint8Array(32);
  for (let i = 0; i < split && i < 256; i++) hba[i >> 3]! |= 1 << (i & 7);
  return hba;
}

/** `hba` as dhcpd.conf writes it: 32 colon-separated hex octets (the parser checked the form). */
export function hbaFromText(text: string): Uint8Array {
  return Uint8Array.from(text.split(':').map((h) => parseInt(h, 16)));
}

/** The owner of the client with key `key` and `secs` (RFC 2131 2) under `split`. */
export function ownerOf(split: Split, key: Uint8Array, secs: number): Owner {
  switch (split.kind) {
    case 'hot-standby':
      return 'primary';
    case 'kea-load-balancing':
      return loadbHash(key) % 2 === 0 ? 'primary' : 'secondary';
    case 'dhcpd-hba': {
      if (split.maxSecs !== undefined && split.maxSecs < secs) return 'either';
      const h = loadbHash(key);
      return (split.hba[h >> 3]! & (1 << (h & 3))) !== 0 ? 'primary' : 'secondary';
    }
  }
}
