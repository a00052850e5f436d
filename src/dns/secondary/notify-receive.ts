/**
 * A NOTIFY received (RFC 1996 3.7): the serial of the SOA its answer section carries for
 * the zone, a hint the secondary compares with its own (RFC 1996 3.11). Pure.
 */
import { nameKey } from '../../wire/name.js';
import { RRType } from '../../zones/record.js';
import { soaSerial } from '../../zones/journal-format.js';
import { readXfrMessage } from './xfr-reader.js';

/** The zone's SOA serial in the NOTIFY's answer section; undefined when it has none or does not read. */
export function notifySerial(msg: Buffer, origin: string): number | undefined {
  try {
    const soa = readXfrMessage(msg).answer.find((rr) => rr.type === RRType.SOA && nameKey(rr.name) === nameKey(origin));
    return soa ? soaSerial(soa.rdata) : undefined;
  } catch {
    return undefined;
  }
}
