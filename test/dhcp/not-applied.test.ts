/**
 * Statements labnet accepts but does not apply, reported once each at their first FILE:LINE
 * (conf/not-applied.ts); what it applies is never reported.
 */
import { describe, expect, it } from 'vitest';
import { parseDhcpdConf } from '../../src/dhcp/conf/parser.js';
import { notApplied } from '../../src/dhcp/conf/not-applied.js';

const report = (text: string) => notApplied(parseDhcpdConf(text, 't.conf')).map((n) => `${n.line}: ${n.statement}`);

describe('notApplied', () => {
  it('interface, ping-check true, server options, a failover peer\'s mclt: once each, first line', () => {
    expect(
      report(`ping-check true;
ping-timeout 2;
one-lease-per-client true;
ignore-client-uids true;
vendor-option-space x;
failover peer "f" { primary; address 10.0.0.1; peer address 10.0.0.2; split 128; mclt 3600; }
class "c" { match if exists user-class; lease limit 4; }
shared-network n {
  interface eth0;
  subnet 10.0.0.0 netmask 255.0.0.0 {
    one-lease-per-client false;
    pool { failover peer "f"; range 10.0.0.5 10.0.0.9; }
  }
}
`),
    ).toEqual(['1: ping-check', '2: ping-timeout', '3: one-lease-per-client', '6: mclt', '9: interface']);
  });

  it('nothing for what labnet applies (lease limit among them), nor for ping-check false (labnet never pings)', () => {
    expect(report('ping-check false;\nauthoritative;\ndefault-lease-time 600;\nignore-client-uids on;\nclass "c" { match if exists user-class; lease limit 4; }\nsubnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.5 10.0.0.9; }\n')).toEqual([]);
  });
});
