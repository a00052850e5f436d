/**
 * The Client FQDN option (RFC 4702), code 81: what the client says about its name and who
 * should update DNS, and the server's answer. Pure codec.
 *
 * Wire form (RFC 4702 2): Flags (1 octet: S 0x01 the server should do the A update, O 0x02
 * the server overrode the client's S, E 0x04 the name is in DNS wire form, N 0x08 no server
 * updates at all), RCODE1 and RCODE2 (1 octet each, 255 from servers, 2.2), Domain Name:
 * with E, RFC 1035 3.1 labels, a name without its root label being partial (2.3.1);
 * without E, ASCII (deprecated, 2.3.2).
 */
import { absoluteName, labelToText, nameToWire, textToLabels, labelsToWire } from '../../wire/name.js';

export const FQDN_OPTION = 81;
export const FqdnFlag = { S: 0x01, O: 0x02, E: 0x04, N: 0x08 } as const;

export interface ClientFqdn {
  flags: number;
  /** The name as text, without a trailing dot; '' when the client sent none. */
  name: string;
  /** Whether the client sent a fully qualified name (a root label, or a dot in ASCII form ending in '.'). */
  qualified: boolean;
}

/** Decodes option 81's payload; undefined when it is malformed (shorter than 3 octets, bad labels). */
export function parseClientFqdn(payload: Buffer | undefined): ClientFqdn | undefined {
  if (payload === undefined || payload.length < 3) return undefined;
  const flags = payload[0];
  const body = payload.subarray(3);
  if ((flags & FqdnFlag.E) === 0) {
    const text = body.toString('latin1').replace(/\0+$/, '');
    return { flags, name: text.replace(/\.$/, ''), qualified: text.endsWith('.') };
  }
  if (body.length === 0) return { flags, name: '', qualified: false };
  // A partial name (RFC 4702 2.3.1) ends without the root label: parse the labels it has.
  const labels: string[] = [];
  let o = 0;
  while (o < body.length) {
    const len = body[o];
    if (len === 0) {
      return o + 1 === body.length ? { flags, name: labels.join('.'), qualified: true } : undefined;
    }
    if (len > 63 || o + 1 + len > body.length) return undefined;
    labels.push(labelToText(body.subarray(o + 1, o + 1 + len)));
    o += 1 + len;
  }
  return { flags, name: labels.join('.'), qualified: false };
}

/** The leftmost label of the client's name: dhcpd's `fqdn.hostname`. */
export function fqdnHostLabel(f: ClientFqdn): string {
  const i = f.name.indexOf('.');
  return i < 0 ? f.name : f.name.slice(0, i);
}

/**
 * The server's option 81 (RFC 4702 4, as dhcpd 4.4 builds it in ddns_updates): S and O as
 * given (dhcpd's `fqdn.no-client-update` is the O bit, 0x02), E as the client sent it, RCODEs
 * 255, and `name` (the name the server chose, or the client's) written fully qualified in the
 * client's encoding.
 */
export function buildServerFqdn(opts: { serverUpdates: boolean; override: boolean; encoded: boolean; name: string }): Buffer {
  let flags = 0;
  if (opts.serverUpdates) flags |= FqdnFlag.S;
  if (opts.override) flags |= FqdnFlag.O;
  if (opts.encoded) flags |= FqdnFlag.E;
  const head = Buffer.from([flags, 255, 255]);
  if (opts.name === '') return head;
  const fq = absoluteName(opts.name);
  const body = opts.encoded ? nameToWire(fq) : Buffer.from(fq, 'latin1');
  return Buffer.concat([head, body]);
}

/** The option 81 payload a client sends (tests and the lab's simulated machines). */
export function buildClientFqdn(name: string, opts: { serverUpdates?: boolean; encoded?: boolean; noServerUpdate?: boolean } = {}): Buffer {
  let flags = 0;
  if (opts.serverUpdates ?? true) flags |= FqdnFlag.S;
  if (opts.noServerUpdate) flags |= FqdnFlag.N;
  const encoded = opts.encoded ?? true;
  if (encoded) flags |= FqdnFlag.E;
  const body = !encoded ? Buffer.from(name, 'latin1') : name.endsWith('.') ? nameToWire(name) : labelsToWire(textToLabels(`${name}.`).labels).subarray(0, -1);
  return Buffer.concat([Buffer.from([flags, 0, 0]), body]);
}
