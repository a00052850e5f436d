/**
 * Reply option order without a parameter request list: dhcpd 4.4's option hash walk
 * (engine/reply-options.ts hashOrder), as a live dhcpd sent it for test/interop/data/dhcpd-live/pxe-lab.conf
 * (test/interop/dhcpd-live.test.ts compares the wire order).
 */
import { describe, expect, it } from 'vitest';
import { hashOrder } from '../../src/dhcp/engine/reply-options.js';

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
