import { describe, expect, it } from 'vitest';
import { formatRecordLine, indent } from '../../src/zones/dump.js';

// Expected lines captured from `named-checkzone -D -o -` (BIND 9.18.49) on this machine.
describe('dump columns (BIND masterdump indent, style full)', () => {
  it.each([
    [10, 46, '\t\t\t\t      ', 46],
    [52, 46, ' ', 53],
    [55, 46, '\t', 56],
    [47, 46, '\t', 48],
    [59, 64, '\t', 64],
    [52, 64, '\t\t', 64],
    [66, 64, ' ', 67],
  ])('indent(%i, %i)', (from, to, text, col) => {
    expect(indent(from, to)).toEqual({ text, column: col });
  });

  it.each([
    ['lab.local.', 604800, 'SOA', 'ns.lab.local. root.lab.local. 3 604800 86400 2419200 604800',
      'lab.local.\t\t\t\t      604800 IN\tSOA\tns.lab.local. root.lab.local. 3 604800 86400 2419200 604800'],
    ['_ldap._tcp.lab.local.', 604800, 'SRV', '0 100 389 vcenter.lab.local.', '_ldap._tcp.lab.local.\t\t\t      604800 IN\tSRV\t0 100 389 vcenter.lab.local.'],
    ['kubeflow.lab.local.', 604800, 'CNAME', 'jupyter.lab.local.', 'kubeflow.lab.local.\t\t\t      604800 IN\tCNAME\tjupyter.lab.local.'],
    ['example.com.', 300, 'NS', 'ns.example.com.', 'example.com.\t\t\t\t      300 IN NS\t\tns.example.com.'],
    ['example.com.', 300, 'SOA', 'ns.example.com. hostmaster.example.com. 1 2 3 4 5', 'example.com.\t\t\t\t      300 IN SOA\tns.example.com. hostmaster.example.com. 1 2 3 4 5'],
    ['x.example.com.', 0, 'A', '1.2.3.4', 'x.example.com.\t\t\t\t      0\tIN A\t\t1.2.3.4'],
    ['x.example.com.', 300, 'AAAA', '::1', 'x.example.com.\t\t\t\t      300 IN AAAA\t::1'],
    ['averyveryveryveryveryverylongname.thatgoesonandon.andon.example.com.', 300, 'A', '1.1.1.1',
      'averyveryveryveryveryverylongname.thatgoesonandon.andon.example.com. 300 IN A 1.1.1.1'],
  ])('%s %s %s', (owner, ttl, type, rdata, line) => {
    expect(formatRecordLine(owner, ttl, 'IN', type, rdata)).toBe(line);
  });
});
