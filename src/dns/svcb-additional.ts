/**
 * Additional-section data for SVCB and HTTPS answers (RFC 9460 4.1, 5), as BIND 9.18 adds
 * it (lib/dns/rdata/in_1/svcb_64.c generic_additionaldata_in_svcb, measured against named):
 * - ServiceMode with TargetName "." means the owner: its A and AAAA, when the owner is a
 *   host name other than the root (AliasMode "." adds nothing);
 * - else the target's CNAME chain is followed, each CNAME RRset added (at most 17);
 * - AliasMode: the SVCB/HTTPS RRset of the same type at the chain's end, with its own
 *   additional data, when there is one; otherwise, and in ServiceMode, the A and AAAA there.
 * The lookups and the section are the resolver's (resolve.ts), given as `AdditionalSink`.
 */
import { nameFromWire, ROOT } from '../wire/name.js';
import { RRType } from '../zones/record.js';
import { isHostname } from '../zones/checks.js';
import type { RRset } from '../zones/zone-types.js';

export interface AdditionalSink {
  /** The RRset of `type` owned by `name` in the answering zone, if any. */
  find(name: string, type: number): RRset | undefined;
  /** Adds an RRset to the additional section with its own additional data (once per name and type). */
  addRRset(rr: RRset): void;
  /** Adds the A and AAAA RRsets of `name`. */
  addAddresses(name: string): void;
}

/** SVCB (64) and HTTPS (65). */
export const SVCB_TYPES: ReadonlySet<number> = new Set([64, 65]);

/** BIND's MAX_CNAMES (ns/query.c MAX_RESTARTS). */
const MAX_CNAMES = 16;

/** The additional data of one SVCB/HTTPS RDATA of the RRset `rr`. */
export function svcbAdditional(sink: AdditionalSink, rr: RRset, rd: Buffer): void {
  if (rd.length < 3) return;
  const alias = rd.readUInt16BE(0) === 0;
  let name = nameFromWire(rd, 2).name;
  if (name === ROOT) {
    if (!alias && rr.name !== ROOT && isHostname(rr.name, false)) sink.addAddresses(rr.name);
    return;
  }
  for (let cnames = 0; ;) {
    const cname = sink.find(name, RRType.CNAME);
    if (!cname) break;
    sink.addRRset(cname);
    name = nameFromWire(cname.rdatas[0], 0).name;
    if (cnames++ > MAX_CNAMES) return;
  }
  if (alias) {
    const next = sink.find(name, rr.type);
    if (next) {
      sink.addRRset(next);
      return;
    }
  }
  sink.addAddresses(name);
}
