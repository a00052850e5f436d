import { describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { decodePacket, encodePacket, PacketError } from '../../src/dhcp/packet.js';
import type { DhcpPacket } from '../../src/dhcp/types.js';
import { chaddr, ipHex, opt, wire, zeros } from './helpers/wire.js';

// The npm `dhcp` package's codec, used as an independent decoder of what we encode.
const require = createRequire(import.meta.url);
const Protocol = require('dhcp/lib/protocol.js') as { parse(buf: Buffer): Record<string, unknown> & { options: Record<number, unknown> } };

/** A DHCPDISCOVER written field by field (RFC 2131 2, figure 1). */
const DISCOVER = wire(
  '01', //                     op: BOOTREQUEST
  '01', //                     htype: Ethernet
  '06', //                     hlen: 6
  '00', //                     hops
  'a1b2c3d4', //               xid
  '0003', //                   secs
  '8000', //                   flags: BROADCAST
  '00000000', //               ciaddr
  '00000000', //               yiaddr
  '00000000', //               siaddr
  '00000000', //               giaddr
  chaddr('00:0c:29:aa:bb:01'), // chaddr (16 bytes)
  zeros(64), //                sname
  zeros(128), //               file
  '63825363', //               magic cookie (RFC 2131 3)
  opt(53, '01'), //            DHCP message type: DISCOVER
  opt(50, ipHex('192.168.244.150')), // requested IP address
  opt(55, '01 03 06 0f'), //   parameter request list
  '00 00', //                  pad
  'ff', //                     end
);

function reply(options: Array<[number, Buffer]>, extra: Partial<DhcpPacket> = {}): DhcpPacket {
  return {
    op: 2, htype: 1, hlen: 6, hops: 0, xid: 0xa1b2c3d4, secs: 0, flags: 0,
    ciaddr: 0, yiaddr: 0xc0a8f496, siaddr: 0, giaddr: 0, chaddr: chaddr('00:0c:29:aa:bb:01'),
    sname: '', file: '', options: new Map(options), ...extra,
  };
}

/** Walk the encoded options area, returning [code, length] pairs up to End (inclusive). */
function optionCodes(buf: Buffer): number[] {
  const codes: number[] = [];
  for (let i = 240; i < buf.length; ) {
    const c = buf[i];
    if (c === 0) { i++; continue; }
    codes.push(c);
    if (c === 255) break;
    i += 2 + buf[i + 1];
  }
  return codes;
}

describe('RFC 2131 2: decodePacket', () => {
  it('decodes every fixed field and the options of a DISCOVER', () => {
    const p = decodePacket(DISCOVER);
    expect(p).toMatchObject({ op: 1, htype: 1, hlen: 6, hops: 0, xid: 0xa1b2c3d4, secs: 3, flags: 0x8000, ciaddr: 0, giaddr: 0, sname: '', file: '' });
    expect(p.chaddr.subarray(0, 6).toString('hex')).toBe('000c29aabb01');
    expect([...p.options.keys()]).toEqual([53, 50, 55]);
    expect(p.options.get(50)!.toString('hex')).toBe('c0a8f496');
    expect([...p.options.get(55)!]).toEqual([1, 3, 6, 15]);
  });

  const base = DISCOVER.subarray(0, 240);
  const bad: Array<[string, Buffer, RegExp]> = [
    ['shorter than 236 + cookie', DISCOVER.subarray(0, 239), /too short/],
    ['wrong magic cookie', wire(DISCOVER.subarray(0, 236), '63825364', 'ff'), /magic cookie/],
    ['hlen > 16', wire('010111', DISCOVER.subarray(3)), /hlen 17/],
    ['option overrunning the datagram', wire(base, opt(53, '01'), '0c 08 6162'), /overruns/],
    ['option code without a length byte', wire(base, opt(53, '01'), '0c'), /no length/],
    ['bad overload value', wire(base, opt(52, '04'), 'ff'), /overload/],
    ['overloaded file area overrunning', wire(DISCOVER.subarray(0, 108), Buffer.alloc(128, 0x0c), DISCOVER.subarray(236, 240), opt(52, '01'), 'ff'), /overruns the file/],
  ];
  it.each(bad)('rejects a datagram with %s (PacketError)', (_name, buf, message) => {
    expect(() => decodePacket(buf)).toThrow(PacketError);
    expect(() => decodePacket(buf)).toThrow(message);
  });

  it('RFC 2132 9.3: option overload continues the options in file, then sname', () => {
    const file = Buffer.alloc(128);
    Buffer.from(opt(12, Buffer.from('host')) + opt(3, ipHex('10.0.0.1')) + 'ff', 'hex').copy(file);
    const sname = Buffer.alloc(64);
    Buffer.from(opt(15, Buffer.from('lab.local')) + 'ff', 'hex').copy(sname);
    const buf = wire(DISCOVER.subarray(0, 44), sname, file, '63825363', opt(53, '02'), opt(52, '03'), 'ff');
    const p = decodePacket(buf);
    expect(p.sname).toBe('');
    expect(p.file).toBe('');
    expect([...p.options.keys()]).toEqual([53, 12, 3, 15]);
    expect(p.options.get(15)!.toString()).toBe('lab.local');
  });

  it('RFC 3396: a split option is concatenated in order', () => {
    const buf = wire(base, opt(53, '05'), opt(121, '18 0a 00 00'), opt(12, Buffer.from('x')), opt(121, '0a 00 00 01'), 'ff');
    const p = decodePacket(buf);
    expect(p.options.get(121)!.toString('hex')).toBe('180a00000a000001');
    expect([...p.options.keys()]).toEqual([53, 121, 12]);
  });

  it('tolerates a missing End at the end of the datagram, and reads sname/file strings', () => {
    const sname = Buffer.alloc(64);
    sname.write('boot-server');
    const file = Buffer.alloc(128);
    file.write('pxelinux.0');
    const p = decodePacket(wire(DISCOVER.subarray(0, 44), sname, file, '63825363', opt(53, '01')));
    expect(p.sname).toBe('boot-server');
    expect(p.file).toBe('pxelinux.0');
    expect(p.options.get(53)![0]).toBe(1);
  });

  it('never throws anything but PacketError on random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.boolean(), (bytes, cookie) => {
        const b = Buffer.from(bytes);
        if (cookie && b.length >= 240) b.writeUInt32BE(0x63825363, 236);
        try {
          decodePacket(b);
        } catch (e) {
          expect(e).toBeInstanceOf(PacketError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('RFC 2131 2: encodePacket', () => {
  it('pads to the 300-byte BOOTP minimum and always ends with End', () => {
    const buf = encodePacket(reply([[53, Buffer.from([2])]]), { maxSize: 576 });
    expect(buf.length).toBe(300);
    expect(buf.readUInt32BE(236)).toBe(0x63825363);
    expect(optionCodes(buf)).toEqual([53, 255]);
  });

  it('RFC 2131 4.1 / RFC 3046 2.1: 53 first, 54 next, the rest in order, 82 last', () => {
    const p = reply([
      [3, Buffer.from(ipHex('10.0.0.1'), 'hex')],
      [82, Buffer.from('0104deadbeef', 'hex')],
      [54, Buffer.from(ipHex('10.0.0.2'), 'hex')],
      [1, Buffer.from('ffffff00', 'hex')],
      [53, Buffer.from([5])],
    ]);
    expect(optionCodes(encodePacket(p, { maxSize: 576 }))).toEqual([53, 54, 3, 1, 82, 255]);
  });

  it('RFC 3396 7: an option longer than 255 bytes is split and decodes back whole', () => {
    const long = Buffer.alloc(600, 7);
    const buf = encodePacket(reply([[53, Buffer.from([5])], [43, long]]), { maxSize: 1500 });
    expect(optionCodes(buf)).toEqual([53, 43, 43, 43, 255]);
    expect(decodePacket(buf).options.get(43)!.equals(long)).toBe(true);
  });

  it('RFC 2132 9.10: options that do not fit are dropped whole, those not requested first', () => {
    const big = (n: number) => Buffer.alloc(n, 0x41);
    const p = reply([
      [53, Buffer.from([5])], [54, Buffer.from(ipHex('10.0.0.2'), 'hex')],
      [66, big(200)], [67, big(200)], [15, big(20)], [119, big(100)],
    ]);
    // 576 - 28 (IP+UDP) - 236 - 4 (cookie) - 1 (End) = 307 bytes for options.
    const buf = encodePacket(p, { maxSize: 576, prl: Uint8Array.from([15, 67]) });
    expect(buf.length).toBeLessThanOrEqual(576 - 28);
    expect(optionCodes(buf)).toEqual([53, 54, 67, 15, 255]);
    // Without a PRL, the order of insertion is the priority.
    expect(optionCodes(encodePacket(p, { maxSize: 576 }))).toEqual([53, 54, 66, 15, 255]);
    // A maxSize below 576 is raised to 576; a larger one lets everything in.
    expect(encodePacket(p, { maxSize: 100 }).length).toBeLessThanOrEqual(548);
    expect(optionCodes(encodePacket(p, { maxSize: 1500 }))).toEqual([53, 54, 66, 67, 15, 119, 255]);
  });

  it('round-trips fixed fields, sname, file and options', () => {
    const p = reply([[53, Buffer.from([5])], [54, Buffer.from('c0a8f48b', 'hex')], [51, Buffer.from('00000258', 'hex')]], {
      ciaddr: 0x0a000001, siaddr: 0xc0a8f48b, giaddr: 0x0a000002, flags: 0x8000, hops: 1, sname: 'tftp', file: 'pxelinux.0',
    });
    const back = decodePacket(encodePacket(p, { maxSize: 576 }));
    expect(back).toEqual(p);
  });

  it('is read back by an independent decoder (npm dhcp Protocol.parse)', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const p = reply([
        [53, Buffer.from([2])], [54, Buffer.from(ipHex('192.168.244.139'), 'hex')],
        [51, Buffer.from('00000258', 'hex')], [1, Buffer.from('ffffff00', 'hex')], [3, Buffer.from(ipHex('192.168.244.2'), 'hex')],
        [6, Buffer.from(ipHex('192.168.244.139'), 'hex')], [15, Buffer.from('lab.local')],
      ], { file: 'pxelinux.0', siaddr: 0xc0a8f48b });
      const parsed = Protocol.parse(encodePacket(p, { maxSize: 576 }));
      expect(parsed).toMatchObject({ op: 2, xid: 0xa1b2c3d4, yiaddr: '192.168.244.150', siaddr: '192.168.244.139', chaddr: '00-0C-29-AA-BB-01', file: 'pxelinux.0' });
      expect(parsed.options).toMatchObject({ 53: 2, 54: '192.168.244.139', 51: 600, 1: '255.255.255.0', 3: ['192.168.244.2'], 6: ['192.168.244.139'], 15: 'lab.local' });
    } finally {
      spy.mockRestore();
    }
  });

  it('never produces a malformed packet, whatever the options (property)', () => {
    const optionArb = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.uint8Array({ maxLength: 400 }));
    fc.assert(
      fc.property(fc.array(optionArb, { maxLength: 30 }), fc.integer({ min: 0, max: 2000 }), (opts, maxSize) => {
        const p = reply([[53, Buffer.from([5])], ...opts.map(([c, d]) => [c, Buffer.from(d)] as [number, Buffer])]);
        const buf = encodePacket(p, { maxSize });
        expect(buf.length).toBeGreaterThanOrEqual(300);
        expect(buf.length).toBeLessThanOrEqual(Math.max(576, Math.min(maxSize, 65535)) - 28);
        const codes = optionCodes(buf);
        expect(codes[0]).toBe(53);
        expect(codes[codes.length - 1]).toBe(255);
        const back = decodePacket(buf);
        // Whatever was kept is intact (dropped whole, never truncated).
        for (const [c, d] of back.options) {
          if (c === 52) continue;
          expect(d.equals(p.options.get(c)!)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
