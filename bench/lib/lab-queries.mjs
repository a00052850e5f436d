// The lab's query mix for the DNS benchmarks (dnsperf in bench/dns.mjs, the in-process loop
// in bench/dns-inprocess.mjs): mostly positives, some CNAMEs, 3 NXDOMAIN, 1 NODATA.
export const LAB_QUERIES = [
  'vcenter.lab.local A', 'esxi01.lab.local A', 'esxi02.lab.local A', 'esxi03.lab.local A',
  'ns.lab.local A', 'ubuntu.lab.local A', 'gateway.lab.local A', 'jupyter.lab.local A',
  'mail.lab.local A', 'kubeflow.lab.local A', 'www.lab.local A', 'lab.local A', 'lab.local MX',
  'lab.local NS', 'lab.local SOA', 'lab.local TXT', '_ldap._tcp.lab.local SRV',
  '135.244.168.192.in-addr.arpa PTR', '131.244.168.192.in-addr.arpa PTR',
  '139.244.168.192.in-addr.arpa PTR', '140.244.168.192.in-addr.arpa PTR',
  'esxi04.lab.local A', 'nothere.lab.local A', '99.244.168.192.in-addr.arpa PTR',
  'vcenter.lab.local AAAA',
];

/**
 * The benchmark mix of issue 9 (positive, NXDOMAIN, NODATA, wildcard, referral, reverse): the
 * lab's queries plus a wildcard and a delegation, which the lab zone lacks; MIX_ZONE_EXTRA is
 * appended to a copy of fixtures/lab/direct for the run (the fixture itself is not changed).
 */
export const MIX_ZONE_EXTRA = `
*.dyn     IN A  192.168.244.200
sub       IN NS ns.sub
ns.sub    IN A  192.168.244.201
`;
export const MIX_QUERIES = [
  ...LAB_QUERIES,
  'pc1.dyn.lab.local A', 'pc2.dyn.lab.local A', 'pc3.dyn.lab.local MX',
  'www.sub.lab.local A', 'sub.lab.local NS',
];
