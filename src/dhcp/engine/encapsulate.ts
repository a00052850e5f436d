/**
 * The option values a reply can carry once option spaces are folded in, as ISC dhcpd 4.4
 * builds them (dhcpd.conf(5) "vendor-option-space", "site-option-space"; dhcp-options(5)
 * "VENDOR ENCAPSULATED OPTIONS"; RFC 2132 8.4):
 * - an option defined as `encapsulate SPACE` (iPXE's 175, a switch vendor's 43) carries the
 *   options of SPACE set in scope, unless the option itself has a value;
 * - `vendor-option-space SPACE;` makes option 43 carry the options of SPACE;
 * - `site-option-space SPACE;` sends the options of SPACE (codes 224..254) as top-level options.
 * Sub-options go code, length, value in the space's code and length widths (option-spaces.ts).
 * Pure: parameters and definitions in, a new map out.
 */
import type { DhcpConfig, ScopeParams } from '../types.js';
import { encodeSpace, type SpaceLayout } from '../option-spaces.js';

/** Option 43 (RFC 2132 8.4). */
const VENDOR_ENCAPSULATED = 43;

export function optionValues(params: ScopeParams, config: Pick<DhcpConfig, 'optionDefs' | 'optionSpaces'>): Map<number, Buffer> {
  const spaces = params.spaces;
  if (!spaces?.size) return params.options;
  const out = new Map(params.options);
  const fill = (code: number, spaceName: string) => {
    const layout = config.optionSpaces?.get(spaceName);
    const opts = spaces.get(spaceName);
    if (out.has(code) || !layout || !opts?.size) return;
    out.set(code, encodeSpace(layout, opts));
  };
  const vendor = params.settings?.get('vendor-option-space');
  if (vendor !== undefined) fill(VENDOR_ENCAPSULATED, vendor);
  for (const def of config.optionDefs?.all() ?? []) if (def.encapsulate && def.code < 255) fill(def.code, def.encapsulate);
  const site = params.settings?.get('site-option-space');
  for (const [code, v] of (site !== undefined && spaces.get(site)) || []) if (code >= 224 && code <= 254 && !out.has(code)) out.set(code, v);
  return out;
}

/** For the evaluator: which packet option carries each space (`option X code N = encapsulate SPACE;`). */
export function encapsulations(config: Pick<DhcpConfig, 'optionDefs' | 'optionSpaces'>): Map<string, { code: number; layout: SpaceLayout }> {
  const out = new Map<string, { code: number; layout: SpaceLayout }>();
  for (const def of config.optionDefs?.all() ?? []) {
    const layout = def.encapsulate ? config.optionSpaces?.get(def.encapsulate) : undefined;
    if (layout && def.code < 255) out.set(def.encapsulate!, { code: def.code, layout });
  }
  return out;
}
