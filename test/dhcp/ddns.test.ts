/**
 * The pure parts of DHCP's DNS registration (src/dhcp/ddns/): the DHCID values of RFC 4701
 * 3.6's examples and dhcpd's interim TXT values (dhcpd's own unit test vectors), the Client
 * FQDN option codec (RFC 4702), the update messages and their state machine (RFC 4703 5.3,
 * 5.5 as dhcpd runs them), the decision of which names a lease gets, and the lease bindings
 * written to and read from dhcpd.leases.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interimDhcidText, standardDhcid, standardIdentifier, guardRecord } from '../../src/dhcp/ddns/dhcid.js';
import { buildClientFqdn, buildServerFqdn, FqdnFlag, parseClientFqdn } from '../../src/dhcp/ddns/client-fqdn.js';
import { ddnsMessage, ddnsNext, firstAddState, firstRemoveState, type DdnsJob } from '../../src/dhcp/ddns/steps.js';
import { decideDdns, ddnsTtl, reverseName, type DdnsParams } from '../../src/dhcp/ddns/policy.js';
import { afterRecords } from '../../src/dhcp/ddns/registrar.js';
import { formatLease } from '../../src/dhcp/leases/format.js';
import { parseLeasesFile } from '../../src/dhcp/leases/reader.js';
import { Rcode } from '../../src/dns/message.js';
import { DnsClass } from '../../src/dns/message.js';

const hex = (b: Buffer) => b.toString('hex');

describe('DHCID (RFC 4701 3.6 examples, dhcpd interim values)', () => {
  it('type 0: htype + chaddr, client.example.com', () => {
    const id = standardIdentifier({ htype: 1, chaddr: Buffer.from('010203040506', 'hex') });
    expect(id.type).toBe(0);
    expect(hex(standardDhcid(id.type, id.data, 'client.example.com'))).toBe(hex(Buffer.from('AAABxLmlskllE0MVjd57zHcWmEH3pCQ6VytcKD//7es/deY=', 'base64')));
  });
  it('type 1: client identifier, chi.example.com', () => {
    const id = standardIdentifier({ clientId: Buffer.from('0107080 90a0b0c'.replace(' ', ''), 'hex'), htype: 1, chaddr: Buffer.alloc(6) });
    expect(id.type).toBe(1);
    expect(hex(standardDhcid(id.type, id.data, 'chi.example.com'))).toBe(hex(Buffer.from('AAEBOSD+XR3Os/0LozeXVqcNc7FwCfQdWL3b/NaiUDlW2No=', 'base64')));
  });
  it('type 2: a DUID (RFC 4361 client identifier: 255, IAID, DUID), chi6.example.com', () => {
    const duid = Buffer.from('000100064' + '12df1660102030405 06'.replace(/ /g, ''), 'hex');
    const id = standardIdentifier({ clientId: Buffer.concat([Buffer.from([255, 0, 0, 0, 1]), duid]), htype: 1, chaddr: Buffer.alloc(6) });
    expect(id.type).toBe(2);
    expect(hex(standardDhcid(id.type, id.data, 'chi6.example.com'))).toBe(hex(Buffer.from('AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=', 'base64')));
  });
  it('interim: dhcpd 4.4 values (type digits high nibble and type mod 15, MD5 hex)', () => {
    expect(interimDhcidText(2, Buffer.from('000100064' + '12df166010203040506', 'hex'))).toBe('02abf8cd3753dc1847be40858becd77865');
    expect(interimDhcidText(61, Buffer.from('0107080 90a0b0c'.replace(' ', ''), 'hex'))).toBe('31934ffa9344a3ab86c380505a671e5113');
    expect(interimDhcidText(0, Buffer.from('01010203040506', 'hex'))).toBe('0046b6cacea62dc1d4567b068175d1f808');
  });
  it('guard records: DHCID for standard, TXT with its length octet for interim', () => {
    const src = { htype: 1, chaddr: Buffer.from('010203040506', 'hex') };
    expect(guardRecord('standard', src, 'client.example.com').type).toBe(49);
    const txt = guardRecord('interim', src, 'ignored.example');
    expect(txt.type).toBe(16);
    expect(txt.rdata[0]).toBe(34);
    expect(txt.rdata.subarray(1).toString()).toBe('0046b6cacea62dc1d4567b068175d1f808');
  });
});

describe('Client FQDN option (RFC 4702)', () => {
  it('reads wire-form names, full and partial, and ASCII names', () => {
    expect(parseClientFqdn(buildClientFqdn('laptop.example.org.', { serverUpdates: false }))).toEqual({ flags: FqdnFlag.E, name: 'laptop.example.org', qualified: true });
    expect(parseClientFqdn(buildClientFqdn('laptop'))).toEqual({ flags: FqdnFlag.S | FqdnFlag.E, name: 'laptop', qualified: false });
    expect(parseClientFqdn(buildClientFqdn('pc.lab', { encoded: false }))).toEqual({ flags: FqdnFlag.S, name: 'pc.lab', qualified: false });
    expect(parseClientFqdn(Buffer.from([4, 0]))).toBeUndefined();
    expect(parseClientFqdn(Buffer.from([4, 0, 0, 5, 0x61]))).toBeUndefined(); // label overruns
  });
  it('server answers: flags, RCODEs 255, a fully qualified name in the client encoding', () => {
    const b = buildServerFqdn({ serverUpdates: true, override: true, encoded: true, name: 'ws1.lab.local' });
    expect([...b.subarray(0, 3)]).toEqual([FqdnFlag.S | FqdnFlag.O | FqdnFlag.E, 255, 255]);
    expect(parseClientFqdn(b)?.name).toBe('ws1.lab.local');
    expect(parseClientFqdn(b)?.qualified).toBe(true);
  });
  it('any label sequence round-trips (property)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    fc.assert(fc.property(fc.array(label, { minLength: 1, maxLength: 5 }), fc.boolean(), (labels, full) => {
      const name = labels.join('.');
      const f = parseClientFqdn(buildClientFqdn(full ? `${name}.` : name));
      expect(f).toEqual({ flags: FqdnFlag.S | FqdnFlag.E, name, qualified: full });
    }));
  });
});

const job: DdnsJob = {
  fwdName: 'ws1.lab.local', revName: '200.244.168.192.in-addr.arpa.', address: '192.168.244.200', ttl: 300,
  guard: { type: 49, rdata: Buffer.from('000001', 'hex') }, conflictDetection: true, guardIdMustMatch: true,
};

describe('update messages and their order (RFC 4703 5.3, 5.5, dhcpd 4.4)', () => {
  it('add #1: name not in use; add A and guard', () => {
    const m = ddnsMessage('add-fwd-nxdomain', job);
    expect(m.prerequisites).toEqual([{ name: 'ws1.lab.local', type: 255, class: DnsClass.NONE, ttl: 0, rdata: Buffer.alloc(0) }]);
    expect(m.updates.map((u) => [u.type, u.class, u.ttl])).toEqual([[1, 1, 300], [49, 1, 300]]);
  });
  it('add #2 with conflict detection: the guard with this value exists; replace the A RRset', () => {
    const m = ddnsMessage('add-fwd-yxdhcid', job);
    expect(m.prerequisites.map((u) => [u.type, u.class, hex(u.rdata)])).toEqual([[49, 1, '000001']]);
    expect(m.updates.map((u) => [u.type, u.class])).toEqual([[1, DnsClass.ANY], [1, 1]]);
    const g = ddnsMessage('add-fwd-yxdhcid', { ...job, guardIdMustMatch: false });
    expect(g.prerequisites.map((u) => [u.type, u.class, u.rdata.length])).toEqual([[49, DnsClass.ANY, 0]]);
    const o = ddnsMessage('add-fwd-yxdhcid', { ...job, conflictDetection: false });
    expect(o.prerequisites).toEqual([]);
    expect(o.updates.map((u) => [u.type, u.class])).toEqual([[49, DnsClass.ANY], [49, 1], [1, DnsClass.ANY], [1, 1]]);
  });
  it('PTR: delete the RRset, add the name', () => {
    const m = ddnsMessage('add-ptr', job);
    expect(m.name).toBe(job.revName);
    expect(m.updates.map((u) => [u.type, u.class])).toEqual([[12, DnsClass.ANY], [12, 1]]);
  });
  it('removal: delete this A RR under the guard, then the guard when no address is left', () => {
    expect(ddnsMessage('rem-fwd-yxdhcid', job).updates.map((u) => [u.type, u.class, hex(u.rdata)])).toEqual([[1, DnsClass.NONE, 'c0a8f4c8']]);
    const m = ddnsMessage('rem-fwd-nxrr', job);
    expect(m.prerequisites.map((u) => [u.type, u.class])).toEqual([[1, DnsClass.NONE], [28, DnsClass.NONE]]);
    expect(m.updates.map((u) => [u.type, u.class])).toEqual([[49, DnsClass.NONE]]);
  });
  it('transitions', () => {
    expect(ddnsNext('add-fwd-nxdomain', Rcode.NOERROR, job).next).toBe('add-ptr');
    expect(ddnsNext('add-fwd-nxdomain', Rcode.YXDOMAIN, job).next).toBe('add-fwd-yxdhcid');
    expect(ddnsNext('add-fwd-nxdomain', Rcode.REFUSED, job)).toEqual({ log: { level: 'error', msg: 'Unable to add forward map from ws1.lab.local to 192.168.244.200: REFUSED' } });
    expect(ddnsNext('add-fwd-yxdhcid', Rcode.NXRRSET, job).log.msg).toContain('Has an address record but no DHCID, not mine.');
    expect(ddnsNext('add-fwd-yxdhcid', Rcode.YXRRSET, job).log.msg).toContain('DHCID mismatch, belongs to another client.');
    expect(ddnsNext('rem-fwd-yxdhcid', Rcode.NXRRSET, job).next).toBe('rem-ptr');
    expect(ddnsNext('rem-fwd-nxrr', Rcode.YXRRSET, job).next).toBeUndefined();
    expect(ddnsNext('add-fwd-nxdomain', Rcode.NOERROR, { ...job, revName: undefined }).next).toBeUndefined();
    expect(firstAddState({ ...job, guard: undefined })).toBe('add-ptr');
    expect(firstRemoveState(job)).toBe('rem-fwd-yxdhcid');
  });
});

const P: DdnsParams = {
  style: 'standard', updates: true, clientUpdates: 'allow', doForwardUpdates: true, doReverseUpdates: true,
  updateStaticLeases: false, updateOptimization: true, conflictDetection: true, guardIdMustMatch: true, fqdnReply: true,
  configDomainName: 'lab.local',
};
const facts = { address: '192.168.244.200', remaining: 600, static: false, identity: { htype: 1, chaddr: Buffer.from('000c29100001', 'hex') } };

describe('which names a lease gets (dhcpd 4.4 ddns_updates)', () => {
  it('host-name option + domain-name option; TTL half the lease, at most an hour', () => {
    const d = decideDdns(P, { ...facts, hostName: 'ws1' });
    expect(d.job?.fwdName).toBe('ws1.lab.local');
    expect(d.job?.revName).toBe('200.244.168.192.in-addr.arpa.');
    expect(d.job?.ttl).toBe(300);
    expect(ddnsTtl(P, 86400)).toBe(3600);
    expect(ddnsTtl({ ...P, ttl: 42 }, 86400)).toBe(42);
  });
  it('ddns-hostname and ddns-domainname win; ddns-rev-domainname changes the PTR name', () => {
    const d = decideDdns({ ...P, hostname: 'pxe-01', domainname: 'boot.lab', revDomainname: 'rev.lab.' }, { ...facts, hostName: 'ignored' });
    expect(d.job?.fwdName).toBe('pxe-01.boot.lab');
    expect(d.job?.revName).toBe('200.244.168.192.rev.lab.');
    expect(reverseName('10.0.0.1', 'in-addr.arpa')).toBe('1.0.0.10.in-addr.arpa.');
  });
  it('nothing without a name, with style none, ddns-updates off, for static leases unless asked', () => {
    expect(decideDdns(P, facts).job).toBeUndefined();
    expect(decideDdns({ ...P, style: 'none' }, { ...facts, hostName: 'x' }).job).toBeUndefined();
    expect(decideDdns({ ...P, updates: false }, { ...facts, hostName: 'x' }).job).toBeUndefined();
    expect(decideDdns(P, { ...facts, hostName: 'x', static: true }).job).toBeUndefined();
    expect(decideDdns({ ...P, updateStaticLeases: true }, { ...facts, hostName: 'x', static: true }).job?.fwdName).toBe('x.lab.local');
  });
  it('update-optimization: the same name again sends nothing; a new name removes the old first', () => {
    const first = decideDdns(P, { ...facts, hostName: 'ws1' });
    const previous = afterRecords(undefined, first.record, ['forward-added', 'ptr-added']);
    expect(decideDdns(P, { ...facts, hostName: 'ws1', previous }).job).toBeUndefined();
    expect(decideDdns({ ...P, updateOptimization: false }, { ...facts, hostName: 'ws1', previous }).job?.fwdName).toBe('ws1.lab.local');
    const renamed = decideDdns(P, { ...facts, hostName: 'ws2', previous });
    expect(renamed.remove?.fwdName).toBe('ws1.lab.local');
    expect(renamed.job?.fwdName).toBe('ws2.lab.local');
  });
  it('client updates: S clear and a domain: PTR only; deny or ignore client-updates: the server does both', () => {
    const fqdn = parseClientFqdn(buildClientFqdn('me.example.org', { serverUpdates: false }))!;
    expect(decideDdns(P, { ...facts, fqdn }).job).toMatchObject({ fwdName: 'me.example.org', guard: undefined });
    const denied = decideDdns({ ...P, clientUpdates: 'deny' }, { ...facts, fqdn });
    expect(denied.job?.fwdName).toBe('me.lab.local');
    expect(denied.job?.guard?.type).toBe(49);
    const ignored = decideDdns({ ...P, clientUpdates: 'ignore' }, { ...facts, fqdn });
    expect(parseClientFqdn(ignored.fqdnReply)).toEqual({ flags: FqdnFlag.E, name: 'me.example.org', qualified: true });
    expect(decideDdns({ ...P, fqdnReply: false }, { ...facts, fqdn }).fqdnReply).toBeUndefined();
  });
});

describe('lease bindings in dhcpd.leases', () => {
  it('set ddns-* lines are written in dhcpd order and read back', () => {
    const lease = {
      ip: 0xc0a8f4c8, state: 'active' as const, starts: Date.UTC(2026, 0, 1), ends: Date.UTC(2026, 0, 1, 0, 10),
      hardwareEthernet: '00:0c:29:10:00:01',
      ddns: { fwdName: 'ws1.lab.local', guard: { type: 49, rdata: '000001' + 'ab'.repeat(32) }, revName: '200.244.168.192.in-addr.arpa.' },
    };
    const text = formatLease(lease);
    expect(text).toContain('  set ddns-fwd-name = "ws1.lab.local";\n  set ddns-dhcid = "\\000\\000\\001');
    expect(text.indexOf('ddns-fwd-name')).toBeLessThan(text.indexOf('ddns-rev-name'));
    const back = parseLeasesFile(text, 'x.leases')[0];
    expect(back.ddns).toEqual(lease.ddns);
    const interim = { ...lease, ddns: { fwdName: 'a.b', guard: { type: 16, rdata: Buffer.concat([Buffer.from([3]), Buffer.from('31a')]).toString('hex') } } };
    const t2 = formatLease(interim);
    expect(t2).toContain('set ddns-txt = "31a";');
    expect(parseLeasesFile(t2, 'x.leases')[0].ddns).toEqual(interim.ddns);
  });
});
