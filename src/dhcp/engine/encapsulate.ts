/**
 * The option values a reply can carry once option spaces are folded in, as ISC dhcpd 4.4
 * builds them (dhcpd.conf(5) "vendor-option-space", "site-option-space"; dhcp-options(5)
 * "VENDOR ENCAPSULATED OPTIONS"; RFC 2132 8.4):
 * - an option defined as `encapsulate SPACE` (iPXE's 175, a switch vendor's 43) carries the
 *   options of SPACE set in scope, unless the option itself has a value;
 * - `vendor-option-space SPACE;` makes option 43 carry the options of SPACE;
 * - `site-option-space SPACE;` sends the options of SPACE as top-level options: every code from
 *   224, or from the space's lowest defined code if lower, up to 254 is the site space's (an
 *   option of the dhcp space with such a code is not sent), as dhcpd's store_options looks them up.
 * Sub-options go code, length, value in the space's code and length widths (option-spaces.ts).
 * Pure: parameters and definitions in, a new map out.
 */
import type { DhcpConfig, ScopeParams } from '../types.js';
import { encodeSpace, type SpaceLayout } from '../option-spaces.js';

/** Option 43 (RFC 2132 8.4). */
const VENDOR_ENCAPSULATED = 43;

export function optionValues(params: ScopeParams, config: Pick<DhcpConfig, 'optionDefs' | 'optionSpaces'>): Map<number, Buffer> {
  const spaces = params.spaces ?? new Map<string, Map<number, Buffer>>();
  const site = params.settings?.get('site-option-space');
  if (!spaces.size && site === undefined) return params.options;
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
  if (site !== undefined) {
    // Codes from the site space's lowest down to 224 (RFC 3942) come from the site space only.
    const min = siteCodeMin(config, site);
    for (const code of [...out.keys()]) if (code >= min && code <= 254) out.delete(code);
    for (const [code, v] of spaces.get(site) ?? []) if (code >= min && code <= 254) out.set(code, v);
  }
  return out;
}

/**
 * dhcpd's find_min_site_code (server/dhcp.c): 224 (RFC 3942), or the space's lowest defined
 * code when lower (dhcpd then logs that codes below 224 are deprecated, and still uses them).
 */
function siteCodeMin(config: Pick<DhcpConfig, 'optionSpaces'>, site: string): number {
  let min = 224;
  for (const def of config.optionSpaces?.get(site)?.table.all() ?? []) if (def.code < min) min = def.code;
  return min;
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
