/**
 * Reply option order without a parameter request list: dhcpd 4.4's option hash walk
 * (engine/reply-options.ts hashOrder), as a live dhcpd sent it for test/interop/data/dhcpd-live/pxe-lab.conf
 * (test/interop/dhcpd-live.test.ts compares the wire order).
 */
import { describe, expect, it } from 'vitest';
import { buildReplyOptions, hashOrder } from '../../src/dhcp/engine/reply-options.js';

describe('hashOrder', () => {
  it.each([
    // Set in this order in the file; dhcpd sent them 203..216, 200, 201, 15, 202.
    ['pxe-lab.conf global options', [15, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216], [203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 200, 201, 15, 202]],
    // Buckets: 1 -> 1, 17 -> 1 (17 & 15 = 1), 33 -> 2 (1 + 1); in one bucket the later set comes first.
    ['one bucket, later first', [1, 17, 33], [17, 1, 33]],
    ['empty', [], []],
  ])('%s', (_what, codes, want) => {
    expect(hashOrder(codes)).toEqual(want);
  });
});

describe('a parameter request list set in scope (dhcpd ack_lease)', () => {
  it('orders the reply in place of the client\'s, and is not sent itself', () => {
    const req = { op: 1, htype: 1, hlen: 6, hops: 0, xid: 1, secs: 0, flags: 0, ciaddr: 0, yiaddr: 0, siaddr: 0, giaddr: 0, chaddr: Buffer.alloc(16), sname: '', file: '', options: new Map([[55, Buffer.from([1, 3])]]) };
    const options = new Map([[3, Buffer.from([10, 0, 0, 1])], [208, Buffer.from('m')], [55, Buffer.from([1, 3, 208])], [15, Buffer.from('not asked')]]);
    const out = buildReplyOptions({ req, messageType: 5, serverId: 0x0a000001, params: { options } as never, subnetMask: 0xffffff00, leaseTime: 600, addMaskToPrl: true });
    expect([...out.keys()]).toEqual([53, 54, 51, 1, 3, 208]);
  });
});
