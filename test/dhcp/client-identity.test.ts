/** Who a client is (RFC 2132 9.14), and dhcpd.conf(5) `ignore-client-uids true;` (the hardware address only). */
import { describe, expect, it } from 'vitest';
import { clientIdentity } from '../../src/dhcp/engine/scope.js';
import type { DhcpPacket } from '../../src/dhcp/types.js';

const pkt = (options: Array<[number, Buffer]>): DhcpPacket => ({
  op: 1, htype: 1, hlen: 6, hops: 0, xid: 1, secs: 0, flags: 0, ciaddr: 0, yiaddr: 0, siaddr: 0, giaddr: 0,
  chaddr: Buffer.concat([Buffer.from('000c29aabb01', 'hex'), Buffer.alloc(10)]), sname: '', file: '', options: new Map(options),
});

describe('clientIdentity', () => {
  const withId = pkt([[61, Buffer.from('01000c29aabb01', 'hex')]]);
  it('option 61 is the key when present', () => {
    expect(clientIdentity(withId)).toMatchObject({ key: '01000c29aabb01', clientId: '01000c29aabb01', hardwareEthernet: '00:0c:29:aa:bb:01' });
  });
  it('ignore-client-uids: the hardware address, no client identifier recorded', () => {
    const c = clientIdentity(withId, true);
    expect(c.key).toBe(c.hwKey);
    expect(c.clientId).toBeUndefined();
  });
});
