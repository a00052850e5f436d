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
