import { describe, expect, it } from 'vitest';
import { isFailure, parseQuery, scanQuery, skipName, type ParseFailure, type QueryView } from '../../src/dns/query-parse.js';
import { aRecordAtQname, header, opt, query, question, typeClass, wireName } from './query-parse-wire.js';

const Q = question('vcenter.lab.local');
const Qlen = Q.length; // 23: name 19 + type/class 4

// Each row: a query and what BIND 9.18 did with it (measured on loopback with named -n 1):
// 'answer' = a normal answer, else drop / formerr / notimp, and whether the question (q)
// and an OPT (opt) came back in the error reply.
type Expect = 'answer' | { error: ParseFailure['error']; q?: boolean; opt?: boolean };
const rows: [string, Buffer, Expect][] = [
  ['4.1.1 a plain query', Buffer.concat([header(1, 0x0100, 1), Q]), 'answer'],
  ['4.1.1 QR=1 is dropped', Buffer.concat([header(2, 0x8100, 1), Q]), { error: 'drop' }],
  ['4.1.1 a header shorter than 12 bytes is dropped', Buffer.from([0, 11, 1, 0, 0, 1]), { error: 'drop' }],
  ['4.1.1 QDCOUNT=0: FORMERR, no question', header(3, 0x0100, 0), { error: 'formerr' }],
  ['4.1.1 QDCOUNT=0 with OPT: FORMERR with OPT', Buffer.concat([header(4, 0x0100, 0, 0, 0, 1), opt()]), { error: 'formerr', opt: true }],
  ['4.1.1 QDCOUNT=2: FORMERR, no question', Buffer.concat([header(5, 0x0100, 2), Q, Q]), { error: 'formerr' }],
  ['4.1.1 QDCOUNT=2 with one question present', Buffer.concat([header(6, 0x0100, 2), Q]), { error: 'formerr' }],
  ['4.1.1 QDCOUNT=2 with OPT: no question, no OPT', Buffer.concat([header(43, 0x0100, 2, 0, 0, 1), Q, question('x.lab.local'), opt()]), { error: 'formerr' }],
  ['4.1.1 an answer RR in a query is ignored', Buffer.concat([header(7, 0x0100, 1, 1), Q, aRecordAtQname()]), 'answer'],
  ['4.1.1 ANCOUNT=1 with no RR: FORMERR with question', Buffer.concat([header(8, 0x0100, 1, 1), Q]), { error: 'formerr', q: true }],
  ['4.1.1 NSCOUNT=1 with a short RR', Buffer.concat([header(30, 0x0100, 1, 0, 1), Q, Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 9, 1])]), { error: 'formerr', q: true }],
  ['4.1.2 question name cut short', Buffer.concat([header(9, 0x0100, 1), Q.subarray(0, 10)]), { error: 'formerr' }],
  ['4.1.2 question type/class cut short', Buffer.concat([header(10, 0x0100, 1), Q.subarray(0, Qlen - 2)]), { error: 'formerr' }],
  ['4.1.2 trailing bytes after the message are ignored', Buffer.concat([header(17, 0x0100, 1), Q, Buffer.from([1, 2, 3])]), 'answer'],
  ['4.1.4 pointer past the end', Buffer.concat([header(23, 0x0100, 1), Buffer.from([0xc0, 0x40]), typeClass(1)]), { error: 'formerr' }],
  ['4.1.4 pointer loop', Buffer.concat([header(24, 0x0100, 1), Buffer.from([3, 0x61, 0x62, 0x63, 0xc0, 0x0c]), typeClass(1)]), { error: 'formerr' }],
  ['4.1.4 reserved label type 01', Buffer.concat([header(34, 0x0100, 1), Buffer.from([0x41, 1, 0]), typeClass(1)]), { error: 'formerr' }],
  ['6891 6.1.1 two OPT RRs: FORMERR with question, no OPT', Buffer.concat([header(12, 0x0100, 1, 0, 0, 2), Q, opt(), opt()]), { error: 'formerr', q: true }],
  ['6891 6.1.2 OPT owner not the root', Buffer.concat([header(13, 0x0100, 1, 0, 0, 1), Q, opt(1232, 0, Buffer.alloc(0), Buffer.from([0xc0, 12]))]), { error: 'formerr', q: true }],
  ['6891 6.1.2 OPT RDATA not filled by its options', Buffer.concat([header(29, 0x0100, 1, 0, 0, 1), Q, opt(1232, 0, Buffer.from([0, 10, 0, 5, 1]))]), { error: 'formerr', q: true }],
  ['6891 6.1.1 OPT in the answer section', Buffer.concat([header(50, 0x0100, 1, 1), Q, opt()]), { error: 'formerr', q: true }],
  ['6891 6.1.1 a non-OPT RR in additional is fine', Buffer.concat([header(31, 0x0100, 1, 0, 0, 1), Q, aRecordAtQname()]), 'answer'],
  ['6891 6.1.1 OPT then another RR is fine', Buffer.concat([header(46, 0x0100, 1, 0, 0, 2), Q, opt(), aRecordAtQname()]), 'answer'],
  ['1035 4.1.1 opcode 3 (unassigned): NOTIMP, no question', Buffer.concat([header(16, 0x1900, 1), Q]), { error: 'notimp' }],
  ['1035 4.1.1 opcode 3 with QDCOUNT=0: NOTIMP', header(42, 0x1900, 0), { error: 'notimp' }],
  ['1035 4.1.1 opcode 3 with a broken question: FORMERR first', Buffer.concat([header(41, 0x1900, 1), Q.subarray(0, 5)]), { error: 'formerr' }],
  ['1996 NOTIFY (opcode 4) is parsed for the responder', Buffer.concat([header(45, 0x2000, 1), question('lab.local', 6)]), 'answer'],
  ['8945 5.1 a record after TSIG', Buffer.concat([header(54, 0x0100, 1, 0, 0, 2), Q, Buffer.from([0]), typeClass(250, 255), Buffer.from([0, 0, 0, 0, 0, 0]), opt()]), { error: 'formerr', q: true }],
];

describe('scanQuery against BIND 9.18 (RFC 1035 4.1, RFC 6891 6.1)', () => {
  for (const [title, msg, want] of rows) {
    it(title, () => {
      const r = scanQuery(msg, 'udp');
      if (want === 'answer') {
        expect(isFailure(r)).toBe(false);
        expect((r as QueryView).id).toBe(msg.readUInt16BE(0));
        return;
      }
      expect(isFailure(r)).toBe(true);
      const f = r as ParseFailure;
      expect(f.error).toBe(want.error);
      if (want.error === 'drop') return;
      expect(f.id).toBe(msg.readUInt16BE(0));
      expect(f.questionEnd > 0).toBe(want.q ?? false);
      expect(f.edns).toBe(want.opt ?? false);
    });
  }
});

describe('scanQuery fields (RFC 1035 4.1.2, RFC 6891 6.1.3)', () => {
  it('reads the question span, type, class and flags', () => {
    const msg = Buffer.concat([header(0xbeef, 0x0130, 1), question('VCenter.Lab.Local', 28, 1)]);
    const v = scanQuery(msg, 'udp') as QueryView;
    expect(v).toMatchObject({ id: 0xbeef, opcode: 0, rd: true, ad: true, cd: true, qtype: 28, qclass: 1, qnameEnd: 12 + 19, questionEnd: 12 + 23, qnameUpper: true, edns: false });
  });
  it('reads EDNS version, UDP size, DO and the options span', () => {
    const rdata = Buffer.from([0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]);
    const msg = query(7, 'www.lab.local', 1, { edns: opt(4096, 0x00018000, rdata) });
    const v = scanQuery(msg, 'udp') as QueryView;
    expect(v).toMatchObject({ edns: true, ednsVersion: 1, udpSize: 4096, do: true });
    expect(msg.subarray(v.optRdataStart, v.optRdataEnd)).toEqual(rdata);
  });
  it('parseQuery gives the ParsedQuery, the question span and the key', () => {
    const msg = query(9, 'Www.Lab.Local', 16, { edns: opt(1232, 0, Buffer.from([0, 3, 0, 0])) });
    const r = parseQuery(msg, 'tcp');
    expect(r).toMatchObject({
      id: 9, opcode: 0, rd: true, cd: false, ad: false, transport: 'tcp',
      question: { name: 'Www.Lab.Local.', type: 16, class: 1 },
      edns: { version: 0, udpSize: 1232, do: false, options: [{ code: 3, data: Buffer.alloc(0) }] },
      questionSpan: { offset: 12, length: 19 },
    });
    expect(parseQuery(Buffer.from([1]), 'udp')).toEqual({ error: 'drop' });
    expect(parseQuery(header(5, 0x0100, 0), 'udp')).toEqual({ error: 'formerr', id: 5, opcode: 0 });
  });
  it('a compressed question name (pointer into the header) is followed, as BIND does', () => {
    // 3abc + pointer to offset 4 (QDCOUNT's high byte 0x00 = the root): name "abc."
    const msg = Buffer.concat([header(40, 0x0100, 1), Buffer.from([3, 0x61, 0x62, 0x63, 0xc0, 0x04]), typeClass(1)]);
    const r = parseQuery(msg, 'udp');
    expect(r).toMatchObject({ question: { name: 'abc.', type: 1 } });
    expect((scanQuery(msg, 'udp') as QueryView).qnameCompressed).toBe(true);
  });
});

describe('cache keys (what changes the answer and what does not)', () => {
  const key = (m: Buffer, t: 'udp' | 'tcp' = 'udp') => (scanQuery(m, t) as QueryView).key;
  const base = query(1, 'www.lab.local');
  const rows: [string, Buffer, boolean][] = [
    ['another ID', query(2, 'www.lab.local'), true],
    ['another letter case (the reply differs too: BIND compresses case-sensitively)', query(1, 'WwW.LAB.local'), false],
    ['another type', query(1, 'www.lab.local', 28), false],
    ['another name', query(1, 'ww.lab.local'), false],
    ['RD clear (BIND adds NS for RD=0)', query(1, 'www.lab.local', 1, { rd: false }), false],
    ['EDNS present (RFC 6891 7)', query(1, 'www.lab.local', 1, { edns: opt() }), false],
  ];
  for (const [what, m, same] of rows) {
    it(`${what}: ${same ? 'same' : 'different'} key`, () => {
      expect(key(m) === key(base)).toBe(same);
    });
  }
  it('with foldCase, the letter case does not change the key (RFC 4343)', () => {
    const k = (m: Buffer) => (scanQuery(m, 'udp', true) as QueryView).key;
    expect(k(query(1, 'WwW.LAB.local'))).toBe(k(base));
    expect(k(query(1, 'WwW.LAB.local'))).toBe(key(base));
  });
  it('the UDP size matters over UDP (truncation), not over TCP', () => {
    const a = query(1, 'www.lab.local', 1, { edns: opt(1232) });
    const b = query(1, 'www.lab.local', 1, { edns: opt(4096) });
    expect(key(a)).not.toBe(key(b));
    expect(key(a, 'tcp')).toBe(key(b, 'tcp'));
    expect(key(a, 'tcp')).not.toBe(key(a, 'udp'));
  });
  it('DO changes the key (RFC 3225)', () => {
    expect(key(query(1, 'www.lab.local', 1, { edns: opt(1232, 0x8000) }))).not.toBe(key(query(1, 'www.lab.local', 1, { edns: opt(1232) })));
  });
});

describe('skipName (RFC 1035 4.1.4)', () => {
  const msg = Buffer.concat([header(1, 0, 1), wireName('a.b'), Buffer.from([1, 0x63, 0xc0, 14]), Buffer.from([0xc0, 17])]);
  const rows: [string, number, number][] = [
    ['an uncompressed name', 12, 17],
    ['a label then a backward pointer', 17, 21],
    ['a pointer to a pointer, both backward', 21, 23],
    ['a pointer to itself', 23, 23],
  ];
  it.each(rows)('%s', (_t, off, end) => {
    const m = _t === 'a pointer to itself' ? Buffer.concat([msg.subarray(0, 23), Buffer.from([0xc0, 23])]) : msg;
    expect(skipName(m, off)).toBe(_t === 'a pointer to itself' ? -1 : end);
  });
  it('rejects names over 255 octets', () => {
    const long = Buffer.concat([...Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])), Buffer.from([0])]);
    expect(skipName(long, 0)).toBe(-1);
  });
});
