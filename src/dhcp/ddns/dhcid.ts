/**
 * The client identity a DHCP server writes beside the names it registers (RFC 4703 5.4), in
 * the two forms ISC dhcpd 4.4 writes (dhcpd.conf(5) "THE DNS UPDATE SCHEME"):
 *
 * - `ddns-update-style standard`: a DHCID RR (RFC 4701 3.3): identifier-type (2 octets),
 *   digest-type 1 (SHA-256), SHA-256(identifier || FQDN in canonical wire form).
 *   Identifier types (RFC 4701 3.3): 0x0000 htype + chaddr, 0x0001 client identifier
 *   option (61) octets, 0x0002 a DUID (RFC 4361 6.1 identifiers: option 61 starting with
 *   type 255, IAID skipped).
 * - `ddns-update-style interim`: a TXT RR of one string, '3' '1' (the identifier "type"
 *   written as two hex digits the way dhcpd 4.4 writes them: high nibble, then type mod 15),
 *   followed by the MD5 of the identifier in lower-case hex. No FQDN in the digest.
 *
 * Pure (node:crypto digests only). test/dhcp/ddns-dhcid.test.ts holds RFC 4701 section 3.6's
 * examples and dhcpd's own interim values.
 */
import { createHash } from 'node:crypto';
import { absoluteName, nameToWire } from '../../wire/name.js';

export const DhcidIdentifierType = { CHADDR: 0, CLIENT_ID: 1, DUID: 2 } as const;

/** What identifies a client to DHCID (RFC 4701 3.3), chosen as dhcpd chooses it. */
export interface DhcidSource {
  /** Option 61 as received (the lease's uid). */
  clientId?: Buffer;
  htype: number;
  /** The hlen significant octets of chaddr. */
  chaddr: Buffer;
}

/** The identifier and its RFC 4701 type for the standard style. */
export function standardIdentifier(src: DhcidSource): { type: number; data: Buffer } {
  if (src.clientId !== undefined && src.clientId.length > 0) {
    // RFC 4361 6.1: type 255, IAID (4 octets), DUID; the DUID is the identity (RFC 4701 3.3).
    if (src.clientId[0] === 255 && src.clientId.length >= 5) return { type: DhcidIdentifierType.DUID, data: src.clientId.subarray(5) };
    return { type: DhcidIdentifierType.CLIENT_ID, data: src.clientId };
  }
  return { type: DhcidIdentifierType.CHADDR, data: hardwareIdentity(src) };
}

/** RFC 4701 3.3: the DHCID RDATA for `fqdn` (absolute or not; the wire form is absolute). */
export function standardDhcid(type: number, identifier: Buffer, fqdn: string): Buffer {
  const digest = createHash('sha256').update(identifier).update(nameToWire(absoluteName(fqdn))).digest();
  const out = Buffer.alloc(3 + digest.length);
  out.writeUInt16BE(type, 0);
  out[2] = 1; // digest type 1: SHA-256 (RFC 4701 3.5)
  digest.copy(out, 3);
  return out;
}

const HEX = '0123456789abcdef';

/**
 * The interim style's TXT string (without its length octet). dhcpd 4.4 hashes the client
 * identifier with type 61 (DHO_DHCP_CLIENT_IDENTIFIER) when the client sent one, else the
 * hardware address as dhcpd keeps it (type 0: htype followed by chaddr).
 */
export function interimDhcidText(type: number, identifier: Buffer): string {
  const md5 = createHash('md5').update(identifier).digest('hex');
  // dhcpd writes the second digit as HEX[type % 15], not HEX[type & 15]; kept for the
  // records already in users' zones (its comment says so), so labnet writes the same.
  return `${HEX[(type >> 4) & 0xf]}${HEX[type % 15]}${md5}`;
}

/** The interim identifier: dhcpd uses option 61's octets with type 61, else htype + chaddr with type 0. */
export function interimIdentifier(src: DhcidSource): { type: number; data: Buffer } {
  if (src.clientId !== undefined && src.clientId.length > 0) return { type: 61, data: src.clientId };
  return { type: 0, data: hardwareIdentity(src) };
}

/** dhcpd's hardware address: htype, then the hlen octets of chaddr (RFC 4701 3.3 type 0). */
function hardwareIdentity(src: DhcidSource): Buffer {
  return Buffer.concat([Buffer.from([src.htype]), src.chaddr]);
}

/** TXT RDATA (RFC 1035 3.3.14) of one character-string. */
export function txtRdata(text: string): Buffer {
  const s = Buffer.from(text, 'latin1');
  return Buffer.concat([Buffer.from([s.length]), s]);
}

export type DdnsStyle = 'standard' | 'interim';

/** The guard record (its RR type and RDATA) a server of `style` writes for a client at `fqdn`. */
export function guardRecord(style: DdnsStyle, src: DhcidSource, fqdn: string): { type: number; rdata: Buffer } {
  if (style === 'standard') {
    const id = standardIdentifier(src);
    return { type: 49 /* DHCID, RFC 4701 */, rdata: standardDhcid(id.type, id.data, fqdn) };
  }
  const id = interimIdentifier(src);
  return { type: 16 /* TXT */, rdata: txtRdata(interimDhcidText(id.type, id.data)) };
}
