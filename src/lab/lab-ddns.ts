/**
 * DHCP clients appear in DNS in `labnet up` out of the box: the lab's own dhcpd.conf says
 * `ddns-update-style none;` (the report's file), so up lays this over it, without editing
 * the user's files:
 * - a TSIG key (hmac-sha256, 256 random bits) kept in STATE/ddns.key in BIND's key-file
 *   syntax, so `nsupdate -k .labnet/ddns.key` updates the lab's zones too;
 * - the DNS server accepts updates signed with it for every zone it serves (before what
 *   named.conf's allow-update says);
 * - the DHCP server registers leases as dhcpd does with `ddns-update-style standard`, its
 *   `zone` declarations pointing every served zone at labnet's own DNS port on loopback
 *   (never at a 192.168.244.x address), signed with the key. A dhcpd.conf that chooses its
 *   own ddns-update-style keeps it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { DhcpConfig } from '../dhcp/types.js';
import type { TsigKey } from '../dns/tsig.js';
import type { ZoneSet } from '../zones/zone-types.js';
import type { ZoneUpdateAccess } from '../dns/update-service.js';
import type { Endpoint } from '../util/endpoint.js';
import type { UpdatePolicyRule } from '../zones/named-conf/model.js';

export const LAB_DDNS_KEY_NAME = 'labnet-ddns';

export interface LabDdns {
  key: TsigKey;
  /** Where the key file is (for the messages that show nsupdate). */
  keyFile: string;
}

/** BIND's key-file syntax (what `tsig-keygen` prints, what nsupdate -k and named include read). */
export function keyFileText(name: string, secret: Buffer): string {
  return `key "${name}" {\n\talgorithm hmac-sha256;\n\tsecret "${secret.toString('base64')}";\n};\n`;
}

/** The key in `file`, created (mode 0600) when absent. Only the syntax keyFileText writes is read back. */
export function labDdnsKey(file: string, random: (n: number) => Buffer = randomBytes): LabDdns {
  if (!existsSync(file)) writeFileSync(file, keyFileText(LAB_DDNS_KEY_NAME, random(32)), { mode: 0o600 });
  const text = readFileSync(file, 'utf8');
  const m = /key\s+"([^"]+)"\s*\{\s*algorithm\s+hmac-sha256;\s*secret\s+"([A-Za-z0-9+/=]+)";\s*\};/.exec(text);
  if (!m) throw new Error(`${file}: not a key file labnet wrote (key "NAME" { algorithm hmac-sha256; secret "..."; };); remove it to have a new one made`);
  return { key: { name: `${m[1].toLowerCase()}.`, algorithm: 'hmac-sha256.', secret: Buffer.from(m[2], 'base64') }, keyFile: file };
}

/** `config` with DNS registration of leases into `zones` at `dns`, signed with the lab key. */
export function withLabDdns(config: DhcpConfig, ddns: LabDdns, zones: ZoneSet | undefined, dns: Endpoint): DhcpConfig {
  const style = config.global.ddns.get('ddns-update-style')?.toLowerCase();
  if (style !== undefined && style !== 'none') return config;
  const keyName = ddns.key.name.replace(/\.$/, '');
  const source = { file: ddns.keyFile, line: 1 };
  const global = { ...config.global, ddns: new Map(config.global.ddns).set('ddns-update-style', 'standard') };
  return {
    ...config,
    global,
    // Subnets and pools carry merged copies of the global parameters: the style is read from global only.
    ddnsKeys: [...(config.ddnsKeys ?? []), { name: keyName, algorithm: 'hmac-sha256', secret: ddns.key.secret, source }],
    ddnsZones: [
      ...(config.ddnsZones ?? []),
      ...(zones?.zones ?? []).filter((z) => z.loadError === undefined).map((z) => ({ name: z.origin.toLowerCase(), primary: [dns.address], secondary: [], key: keyName, source })),
    ],
  };
}

/**
 * The zone's update access with the lab key allowed first (an address match list's first
 * match wins); under an update-policy, a `grant labnet-ddns zonesub ANY;` rule first (BIND's
 * default types for it: all but NS, SOA, RRSIG). `update-policy local` is left as it is.
 */
export function accessWithLabKey(access: ZoneUpdateAccess | undefined, ddns: LabDdns): ZoneUpdateAccess {
  const name = ddns.key.name.replace(/\.$/, '');
  const policy = access?.updatePolicy;
  if (policy === 'local') return access!;
  if (policy !== undefined) {
    const rule: UpdatePolicyRule = { grant: true, identity: name, matchType: 'zonesub', types: [], location: { file: ddns.keyFile, line: 1, col: 1 } };
    return { ...access, updatePolicy: [rule, ...policy] };
  }
  return { allowUpdate: [{ kind: 'key', negated: false, name }, ...(access?.allowUpdate ?? [])] };
}
