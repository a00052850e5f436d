/**
 * Host names in a dhcpd.conf (`fixed-address esxi01.lab.local;`, `option domain-name-servers
 * ns1.lab.local;`) answered from the zones labnet itself serves: an A query through the same
 * pure resolve() the DNS server answers with (CNAMEs within the zones followed), never the
 * system resolver. dhcpd asks its resolver; a name outside the served zones has no address
 * here and the parser leaves it out with a FILE:LINE warning (conf/parser.ts ParseOptions).
 */
import type { ZoneSet } from '../zones/zone-types.js';
import { resolve } from '../dns/resolve.js';
import { RRType } from '../zones/record.js';
import { DnsClass, Rcode } from '../dns/message.js';

/** The first address of `name` (taken as fully qualified) in `zones`, or undefined. */
export function zoneHostAddress(zones: ZoneSet | undefined, name: string): number | undefined {
  if (!zones) return undefined;
  const fqdn = name.endsWith('.') ? name : `${name}.`;
  const r = resolve(zones, { name: fqdn, type: RRType.A, class: DnsClass.IN }, { rd: false });
  if (r.rcode !== Rcode.NOERROR) return undefined;
  const a = r.answer.find((rr) => rr.type === RRType.A && rr.rdatas.length > 0);
  return a ? a.rdatas[0].readUInt32BE(0) : undefined;
}

/** A ParseOptions.resolveHost over `zones`. */
export function zoneHostResolver(zones: ZoneSet | undefined): (name: string) => number | undefined {
  return (name) => zoneHostAddress(zones, name);
}
