/**
 * Building an RFC 2136 UPDATE message: the client side (labnet's DHCP server registering
 * leases, and tests). The server side reads the same layout (src/dns/update.ts).
 *
 * RFC 2136 2: the header with opcode UPDATE (5); the Zone section (one "question": the zone
 * name, type SOA, the zone's class); Prerequisite and Update sections as resource records
 * whose class, type, TTL and RDATA encode the operation (2.4 and 2.5):
 *   2.4.1 RRset exists (value independent)   ANY   type  0  empty
 *   2.4.2 RRset exists (value dependent)     IN    type  0  rdata
 *   2.4.3 RRset does not exist               NONE  type  0  empty
 *   2.4.4 Name is in use                     ANY   ANY   0  empty
 *   2.4.5 Name is not in use                 NONE  ANY   0  empty
 *   2.5.1 Add to an RRset                    IN    type  ttl rdata
 *   2.5.2 Delete an RRset                    ANY   type  0  empty
 *   2.5.3 Delete all RRsets from a name      ANY   ANY   0  empty
 *   2.5.4 Delete an RR from an RRset         NONE  type  0  rdata
 * Names are written uncompressed. Pure.
 */
import { absoluteName, nameToWire } from '../wire/name.js';
import { DnsClass, Opcode } from './message.js';

const T_SOA = 6;
const T_ANY = 255;

/** One record of a Prerequisite or Update section. */
export interface UpdateRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  rdata: Buffer;
}

const empty = Buffer.alloc(0);

/** The section records, by the RFC 2136 operation they encode. */
export const UpdateOp = {
  rrsetExists: (name: string, type: number): UpdateRecord => ({ name, type, class: DnsClass.ANY, ttl: 0, rdata: empty }),
  rrExists: (name: string, type: number, rdata: Buffer): UpdateRecord => ({ name, type, class: DnsClass.IN, ttl: 0, rdata }),
  rrsetAbsent: (name: string, type: number): UpdateRecord => ({ name, type, class: DnsClass.NONE, ttl: 0, rdata: empty }),
  nameInUse: (name: string): UpdateRecord => ({ name, type: T_ANY, class: DnsClass.ANY, ttl: 0, rdata: empty }),
  nameNotInUse: (name: string): UpdateRecord => ({ name, type: T_ANY, class: DnsClass.NONE, ttl: 0, rdata: empty }),
  add: (name: string, type: number, ttl: number, rdata: Buffer): UpdateRecord => ({ name, type, class: DnsClass.IN, ttl, rdata }),
  deleteRRset: (name: string, type: number): UpdateRecord => ({ name, type, class: DnsClass.ANY, ttl: 0, rdata: empty }),
  deleteName: (name: string): UpdateRecord => ({ name, type: T_ANY, class: DnsClass.ANY, ttl: 0, rdata: empty }),
  deleteRR: (name: string, type: number, rdata: Buffer): UpdateRecord => ({ name, type, class: DnsClass.NONE, ttl: 0, rdata }),
} as const;

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}

function record(r: UpdateRecord): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(r.type, 0);
  fixed.writeUInt16BE(r.class, 2);
  fixed.writeUInt32BE(r.ttl >>> 0, 4);
  fixed.writeUInt16BE(r.rdata.length, 8);
  return Buffer.concat([nameToWire(absoluteName(r.name)), fixed, r.rdata]);
}


/** The UPDATE message for `zone` (RFC 2136 2), unsigned (tsig.ts signs it). */
export function buildUpdate(id: number, zone: string, prerequisites: readonly UpdateRecord[], updates: readonly UpdateRecord[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id & 0xffff, 0);
  header.writeUInt16BE(Opcode.UPDATE << 11, 2);
  header.writeUInt16BE(1, 4); // ZOCOUNT
  header.writeUInt16BE(prerequisites.length, 6); // PRCOUNT
  header.writeUInt16BE(updates.length, 8); // UPCOUNT
  return Buffer.concat([header, nameToWire(absoluteName(zone)), u16(T_SOA), u16(DnsClass.IN), ...prerequisites.map(record), ...updates.map(record)]);
}
