/**
 * Option spaces (dhcpd.conf(5) "DEFINING NEW OPTIONS", "VENDOR ENCAPSULATED OPTIONS";
 * dhcp-options(5) "RELAY AGENT INFORMATION OPTION"): a name, the width of its codes and lengths
 * on the wire, and its option definitions. `dhcp` is the packet's own space; `agent` holds the
 * relay agent sub-options (RFC 3046 2.0); a config declares others with
 * `option space NAME [code width 1|2|4] [length width 1|2] [hash size N];` and puts them on the
 * wire through an option of type `encapsulate NAME` (or `vendor-option-space NAME` for 43).
 */
import { builtinOptions, OptionTable, type OptionDef } from './option-defs.js';

export interface OptionSpace {
  name: string;
  /** Octets of each sub-option code (dhcpd: 1, 2 or 4; default 1). */
  codeWidth: 1 | 2 | 4;
  /** Octets of each sub-option length (1 or 2; default 1). */
  lengthWidth: 1 | 2;
  table: OptionTable;
}

const AGENT: OptionDef[] = [
  { code: 1, name: 'circuit-id', format: 'X' },
  { code: 2, name: 'remote-id', format: 'X' },
  { code: 3, name: 'agent-id', format: 'I' },
  { code: 5, name: 'link-selection', format: 'I' },
  { code: 6, name: 'subscriber-id', format: 't' },
];

export function newSpace(name: string, codeWidth: 1 | 2 | 4 = 1, lengthWidth: 1 | 2 = 1, defs: Iterable<OptionDef> = []): OptionSpace {
  return { name, codeWidth, lengthWidth, table: new OptionTable(defs) };
}

/** The spaces every config starts with: `dhcp` (a copy of the built-in table) and `agent`. */
export function builtinSpaces(): Map<string, OptionSpace> {
  return new Map([
    ['dhcp', { name: 'dhcp', codeWidth: 1, lengthWidth: 1, table: builtinOptions.clone() }],
    ['agent', newSpace('agent', 1, 1, AGENT)],
  ]);
}

/** The wire layout of a space: what the encapsulation needs of it. */
export type SpaceLayout = Pick<OptionSpace, 'codeWidth' | 'lengthWidth'>;

function writeWidth(v: number, width: number): Buffer {
  const b = Buffer.alloc(width);
  b.writeUIntBE(v, 0, width);
  return b;
}

/**
 * The sub-options of a space as one payload (RFC 2132 8.4 for 1-octet codes and lengths):
 * code, length, value for each, ascending code; values too long for the length width are cut.
 */
export function encodeSpace(layout: SpaceLayout, options: ReadonlyMap<number, Buffer>): Buffer {
  const max = layout.lengthWidth === 1 ? 255 : 65535;
  const parts: Buffer[] = [];
  for (const code of [...options.keys()].sort((a, b) => a - b)) {
    const v = options.get(code)!.subarray(0, max);
    parts.push(writeWidth(code, layout.codeWidth), writeWidth(v.length, layout.lengthWidth), v);
  }
  return Buffer.concat(parts);
}

/** The sub-options in an encapsulated payload; null when it does not parse as the layout. */
export function decodeSpace(layout: SpaceLayout, payload: Buffer): Map<number, Buffer> | null {
  const out = new Map<number, Buffer>();
  let p = 0;
  while (p < payload.length) {
    if (layout.codeWidth === 1 && (payload[p] === 0 || payload[p] === 255)) {
      // RFC 2132 8.4: pad and end inside vendor options.
      if (payload[p] === 255) break;
      p++;
      continue;
    }
    if (p + layout.codeWidth + layout.lengthWidth > payload.length) return null;
    const code = payload.readUIntBE(p, layout.codeWidth);
    const len = payload.readUIntBE(p + layout.codeWidth, layout.lengthWidth);
    p += layout.codeWidth + layout.lengthWidth;
    if (p + len > payload.length) return null;
    const v = payload.subarray(p, p + len);
    const old = out.get(code);
    out.set(code, old ? Buffer.concat([old, v]) : v);
    p += len;
  }
  return out;
}
