/**
 * The named.conf of the per-view TSIG key tests (test/dns/view-tsig.test.ts without
 * sockets, test/interop/dns-views-keys.test.ts against named): a top-level key `glob`,
 * `akey` and `same` in view a, `bkey`, `ckey` (in no match-clients) and `same` with
 * another secret in view b, each view serving v.test from its own file.
 */

/** A 32-byte secret made from `s`, base64 as named.conf writes it. */
export const keySecret = (s: string): string => Buffer.from(s.repeat(8).slice(0, 32)).toString('base64');

export const VIEW_KEY_SECRETS = { akey: keySecret('akey'), bkey: keySecret('bkey'), ckey: keySecret('ckey'), glob: keySecret('gkey') };

/** The zone file of each view: a.zone with www 192.0.2.1, b.zone with 192.0.2.2. */
export const viewKeysZone = (ip: string): string => `$TTL 300\n@ SOA ns root 1 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\nwww A ${ip}\n`;

/** The statements after `options` (the caller's: its folder and, for named, its port). */
export function viewKeysConf(options: string): string {
  const k = VIEW_KEY_SECRETS;
  return `${options}
key "glob" { algorithm hmac-sha256; secret "${k.glob}"; };
view a {
  key "akey" { algorithm hmac-sha256; secret "${k.akey}"; };
  key "same" { algorithm hmac-sha256; secret "${k.akey}"; };
  match-clients { key akey; key same; 127.0.0.2; };
  zone "v.test" { type primary; file "a.zone"; allow-update { key akey; }; allow-transfer { key akey; }; };
};
view b {
  key "ckey" { algorithm hmac-sha256; secret "${k.ckey}"; };
  key "bkey" { algorithm hmac-sha256; secret "${k.bkey}"; };
  key "same" { algorithm hmac-sha256; secret "${k.bkey}"; };
  match-clients { key bkey; key glob; key same; 127.0.0.1; 127.0.0.3; };
  zone "v.test" { type primary; file "b.zone"; allow-update { key bkey; key glob; }; };
};
`;
}
