/**
 * The DNSSEC RR types' presentation forms against `named-checkzone` (BIND 9.18), live:
 * RRSIG (RFC 4034 3), NSEC (RFC 4034 4), NSEC3 and NSEC3PARAM (RFC 5155 3, 4), ZONEMD
 * (RFC 8976 2) and CSYNC (RFC 7477 2), with the type bitmap they share (RFC 4034 4.1.2):
 * 1. varied good records: each record's RDATA as `rdataToText` prints it equals the RDATA
 *    of `named-checkzone -i local -D` (multisets of lines), and the wire form labnet makes
 *    equals what a live named serves for the same text;
 * 2. broken records: both reject, on the line BIND names, with BIND's message;
 * 3. the zone-level findings: RRSIGs whose signers differ in case are one record, NSEC
 *    records whose next names differ in case are two; an NSEC3 owner that is no base32hex
 *    hash is fatal unless check-names is ignore.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindDumpLines, checkzone, expectSameRejection, labnetLines } from './helpers/checkzone.js';
import { checkZoneCommand } from '../../src/cli/check-zone.js';
import { parseZoneFile } from '../../src/zones/parser.js';
import { loadZoneFile } from '../../src/zones/load.js';
import { isLocatedError } from '../../src/util/located-error.js';
import type { CheckNamesMode } from '../../src/zones/checks.js';
import { startBind } from './helpers/bind.js';
import { typeFromText } from '../../src/wire/rrtypes.js';

const dir = mkdtempSync(join(tmpdir(), 'labnet-zones-rdata-dnssec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HASH = '0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM';
const NEXT = '2T7B4G4VSA5SMI47K61MV5BV1A22BOJR';
const KEY = 'AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjFFVQUTf6v58fLjwBd0YI0EzrAcQqBGCzh/RStIoO8g0NfnfL2MTJRkxoXbfDaUeVPQuYEhg37NZWAJQ9VnMVDxP/VHL496M/QZxkjf5/Efucp2gaDX6RS6CXpoY68LsvPVjR0ZSwzz1apAzvN9dlzEheX7ICJBBtuA6G3LQpzW5hOA2hzCTMjJPJ8LbqF6dsV6DoBQzgul0sGIcGOYl7OyQdXfZ57relSQageu+ipAdTTJ25AsRTAoub8ONGcLmqrAmRLKBP1dfwhYB4N7knNnulqQxA+Uk1ihz0=';
const D12 = '0102030405060708090a0b0c';

const GOOD = `$TTL 1h
@ IN SOA ns root ( 1 2 3 4 5 )
@ NS ns
ns A 10.9.9.9
a RRSIG A 8 2 3600 20300101000000 20200101000000 12345 example. AwEAAQ==
a RRSIG A RSASHA256 2 3600 1893456000 1577836800 65535 Foo.Example. AwEAAQ==
a RRSIG TYPE1234 8 2 4294967295 4294967295 0 0 . AAAA AAAA
a RRSIG 1 ED25519 3 0 0 20991231235959 1 a.b.c. ( ${KEY} )
a RRSIG NSEC3 13 0 1 20300101000000 20200101000000 1 . AAAA
a RRSIG 65535 253 255 1 19700101000000 0 1 *.b.c. AAAA
a RRSIG +5 8 3 60 20300101000000 1 1 *.b.c. AAAA
a RRSIG \\# 23 0001080100000e1000000001000000010001016100aabb
a NSEC b A MX RRSIG NSEC TYPE1234
a NSEC B.example. A
a NSEC b TYPE65535 TYPE256 TYPE0
a NSEC b ANY OPT AXFR
a NSEC b type1 Aaaa a TYPE01
a NSEC b KEYDATA NXT SIG
a NSEC b ( A
  NS )
c NSEC . NSEC
d NSEC \\# 4 00000140
${HASH} NSEC3 1 1 12 AABBCCDD ${NEXT} NS SOA MX RRSIG DNSKEY NSEC3PARAM
${HASH} NSEC3 1 0 0 - ${NEXT.toLowerCase()}
${HASH} NSEC3 2 255 65535 ab 00 A
${HASH} NSEC3 0 0 0 - ${NEXT}0000000 A
${HASH} NSEC3 255 0 0 ${'ab'.repeat(255)} 00 TYPE65535
${HASH} NSEC3 \\# 7 00000000000100
00 NSEC3 \\# 7 02000000000100
@ NSEC3PARAM 1 0 12 AABBCCDD
@ NSEC3PARAM 1 0 0 -
@ NSEC3PARAM 255 255 65535 abcdef
@ NSEC3PARAM 01 0 10 ${'Ab'.repeat(255)}
@ NSEC3PARAM \\# 5 0100000000
@ ZONEMD 2018031900 1 1 ( FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE )
@ ZONEMD 1 1 2 ( FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DEFEBE3D4CE2EC2FFA4BA99D46CD69D6D2 )
@ ZONEMD 4294967295 255 255 ${D12}
@ ZONEMD 0 0 0 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d
@ ZONEMD 7 1 3 ${'ab'.repeat(100)}
@ ZONEMD \\# 18 000000070103aabbccddeeff001122334455
@ CSYNC 66 3 A NS AAAA
@ CSYNC 0 0
@ CSYNC 4294967295 65535 TYPE1000 TYPE65535 A
@ CSYNC \\# 6 000000010000
@ CSYNC \\# 9 000000020001000160
`;

describe('DNSSEC RDATA text equals named-checkzone -D', () => {
  it('for varied records of each type', () => {
    const file = join(dir, 'good.zone');
    writeFileSync(file, GOOD, 'latin1');
    const bind = checkzone(dir, 'good.zone', true);
    expect(bind.code, bind.out).toBe(0);
    const theirs = bindDumpLines(bind.out);
    const ours = [...new Set(labnetLines(file, 'example.'))];
    expect(theirs.length).toBeGreaterThan(40);
    expect(ours).toEqual(theirs);
  });

  it('and the wire form is what a live named transfers (AXFR, NSEC3 tree included)', async () => {
    const file = join(dir, 'served.zone');
    writeFileSync(file, GOOD, 'latin1');
    const line = (name: string, type: number, hex: string) => `${name.toLowerCase()} ${type} ${hex.toLowerCase()}`;
    const ours = new Set([...parseZoneFile(file, { origin: 'example.' })].map((r) => line(r.name, r.type, r.rdata.toString('hex'))));
    const bind = await startBind({ zones: [{ origin: 'example', file }] });
    try {
      // dig prints every record in RFC 3597 form with +unknownformat: `CLASS1 TYPEnn \# LEN HEX...`.
      const dig = spawnSync('dig', ['-p', String(bind.address.port), '@' + bind.address.host, '+tcp', '+unknownformat', '+nocmd', '+nostats', 'example', 'AXFR'], { encoding: 'latin1' });
      expect(dig.status, dig.stderr).toBe(0);
      const theirs = new Set<string>();
      for (const l of dig.stdout.split('\n')) {
        const m = /^(\S+)\s+\d+\s+CLASS1\s+(TYPE\d+)\s+\\# \d+\s*(.*)$/.exec(l);
        if (m) theirs.add(line(m[1], typeFromText(m[2])!, m[3].replace(/\s+/g, '')));
      }
      expect(theirs.size).toBeGreaterThan(40);
      expect([...ours].sort()).toEqual([...theirs].sort());
    } finally {
      await bind.close();
    }
  });
});

const HEADER = '$TTL 1h\n@ IN SOA ns root 1 2 3 4 5\n@ NS ns\nns A 10.0.0.1\n';
const T = '20300101000000 20200101000000';

const BROKEN: string[] = [
  `x RRSIG A 8 1 3600 ${T} 1 foo AAAA`,
  `x RRSIG A 8 2 3600 ${T} 1 *.b.c. AAAA`,
  `x RRSIG A 8 256 3600 ${T} 1 . AAAA`,
  `x RRSIG A 8 1 3600 ${T} 65536 . AAAA`,
  `x RRSIG A 8 1 3600 ${T} 1 .`,
  `x RRSIG 65536 8 1 3600 ${T} 1 . AAAA`,
  `x RRSIG 99999x 8 1 3600 ${T} 1 . AAAA`,
  `x RRSIG 12x 8 1 3600 ${T} 1 . AAAA`,
  `x RRSIG -1 8 1 3600 ${T} 1 . AAAA`,
  `x RRSIG FOO 8 1 3600 ${T} 1 . AAAA`,
  'x RRSIG A 8 1 3600 4294967296 20200101000000 1 . AAAA',
  'x RRSIG A 8 1 3600 +1 20200101000000 1 . AAAA',
  'x RRSIG A 8 1 3600 -1 20200101000000 1 . AAAA',
  'x RRSIG A 8 1 3600 1x 20200101000000 1 . AAAA',
  'x RRSIG A 8 1 3600 12345678901 20200101000000 1 . AAAA',
  'x RRSIG A 8 1 3600 20300101000000 2020010100000 1 . AAAA',
  'x RRSIG A 8 1 3600 20301301000000 20200101000000 1 . AAAA',
  'x RRSIG A 8 1 1h 1 20200101000000 1 . AAAA',
  'x RRSIG A 8 1 4294967296 1 20200101000000 1 . AAAA',
  'x RRSIG A 8 1 1 0 "1" 1 . AAAA',
  'x RRSIG A 8 1 1 0 1 1 . AAAA=',
  'x RRSIG A ECC 1 1 0 1 1 . AAAA',
  'x RRSIG A 8 1 1 0 1 1 "." AAAA',
  'x RRSIG A 8 3 3600 0 0 1 . \\# 0',
  'x RRSIG \\# 24 0001080000000e1000000001000000010001036162630000',
  'x RRSIG \\# 19 00010802000000000000000000000000000100',
  'x NSEC b',
  'x NSEC b 1',
  'x NSEC b FOO',
  'x NSEC "b" A',
  'x NSEC b "A"',
  'x NSEC',
  'x NSEC b TYPE65536',
  'x NSEC b \\# 1 00',
  'x NSEC \\# 1 00',
  'x NSEC \\# 3 000000',
  'x NSEC \\# 5 0000010000',
  'x NSEC \\# 7 00000140000140',
  'x NSEC \\# 7 00010140000140',
  'x NSEC \\# 6 0000014000',
  `x NSEC \\# 36 0000214000${'00'.repeat(30)}01`,
  `${HASH} NSEC3 1 0 0 - 00 A`,
  `${HASH} NSEC3 1 0 0 - ${NEXT}2T7B4G4V A`,
  `${HASH} NSEC3 1 0 0 - 01 A`,
  `${HASH} NSEC3 2 0 0 - 0000000W A`,
  `${HASH} NSEC3 2 0 0 - 00000000= A`,
  `${HASH} NSEC3 2 0 0 - ${NEXT.slice(0, 31)} A`,
  `${HASH} NSEC3 1 0 0 abc ${NEXT} A NS`,
  `${HASH} NSEC3 1 0 0 "" ${NEXT} A NS`,
  `${HASH} NSEC3 1 0 0 0g ${NEXT} A NS`,
  `${HASH} NSEC3 1 0 0 -- ${NEXT} A NS`,
  `${HASH} NSEC3 1 256 0 - ${NEXT} A NS`,
  `${HASH} NSEC3 1 0 65536 - ${NEXT} A NS`,
  `${HASH} NSEC3 256 0 0 - ${NEXT} A NS`,
  `${HASH} NSEC3 SHA1 0 0 - ${NEXT} A NS`,
  `${HASH} NSEC3 0x1 0 0 - ${NEXT} A NS`,
  `${HASH} NSEC3 1 0 0 - ${NEXT} A 1`,
  `${HASH} NSEC3 1 0 0 -`,
  `${HASH} NSEC3 1 0 0 - ${NEXT} A TYPE65536`,
  `${HASH} NSEC3 1 0 0 ${'ab'.repeat(256)} ${NEXT}`,
  `${HASH} NSEC3 \\# 8 0100000000010000`,
  `${HASH} NSEC3 \\# 7 01000000000100`,
  `${HASH} NSEC3 \\# 6 020000000000`,
  `${HASH} NSEC3 \\# 9 020000000001000000`,
  '@ NSEC3PARAM 1 0 0',
  '@ NSEC3PARAM 1 0 0 - A',
  '@ NSEC3PARAM 1 0 0 abc',
  '@ NSEC3PARAM 256 0 0 -',
  '@ NSEC3PARAM SHA1 0 0 -',
  '@ NSEC3PARAM 1 0 0 ""',
  '@ NSEC3PARAM 1 0 0 "aa"',
  `@ NSEC3PARAM 1 0 0 ${'ab'.repeat(256)}`,
  '@ NSEC3PARAM \\# 5 0100000001',
  '@ NSEC3PARAM \\# 4 01000000',
  '@ NSEC3PARAM \\# 6 010000000000',
  `@ ZONEMD 1 1 1 ${D12}`,
  `@ ZONEMD 1 1 2 ${D12}`,
  `@ ZONEMD 1 1 1 ${D12.repeat(5)}`,
  '@ ZONEMD 1 1 0',
  `@ ZONEMD 1 1 256 ${D12}`,
  `@ ZONEMD 1 256 0 ${D12}`,
  `@ ZONEMD 4294967296 1 0 ${D12}`,
  `@ ZONEMD SHA384 1 0 ${D12}`,
  `@ ZONEMD 1 SIMPLE 0 ${D12}`,
  `@ ZONEMD 1 1 0 ${D12.slice(0, 23)}`,
  `@ ZONEMD 1 1 0 ${D12}0`,
  `@ ZONEMD 1 1 0 ${D12.slice(0, 20)}zz`,
  `@ ZONEMD 1 1 0 ${D12}zz`,
  '@ ZONEMD \\# 17 000000070103aabbccddeeff0011223344',
  `@ ZONEMD \\# 18 000000070101${D12}`,
  '@ CSYNC 1 65536',
  '@ CSYNC 1',
  '@ CSYNC 1 0 FOO',
  '@ CSYNC 1 0 1',
  '@ CSYNC 1h 0 A',
  '@ CSYNC 1 0x1 A',
  '@ CSYNC \\# 8 0000000100000100',
  '@ CSYNC \\# 5 0000000100',
];

describe('broken DNSSEC records: the line and message named-checkzone gives', () => {
  it.each(BROKEN)('%j', (snippet) => {
    const { bind, ours } = expectSameRejection(dir, HEADER + snippet + '\n');
    // RFC 3597 input is checked by labnet with its own message; text input has BIND's.
    if (!snippet.includes('\\#')) expect(ours.format()).toContain(bind);
  });
});

/**
 * `named-checkzone -i local -k MODE example FILE` beside labnet's loader with that check-names
 * mode: BIND's output, and labnet's messages (warnings and the error) as `FILE:LINE: message`.
 */
function bothCheck(name: string, text: string, mode: CheckNamesMode): { bind: string; ours: string; code: number } {
  const file = join(dir, `${name}.zone`);
  writeFileSync(file, text, 'latin1');
  const bind = spawnSync('named-checkzone', ['-i', 'local', '-k', mode, 'example', `${name}.zone`], { cwd: dir, encoding: 'latin1' });
  const messages: string[] = [];
  const at = (f: string, line: number, message: string) => messages.push(`${f.replace(file, `${name}.zone`)}:${line}: ${message}`);
  try {
    loadZoneFile('example', file, { checkNames: mode, warn: (w) => at(w.file, w.line, w.message) });
  } catch (e) {
    if (!isLocatedError(e)) throw e;
    at(e.file, e.line, e.message);
  }
  return { bind: bind.stdout + bind.stderr, ours: messages.join('\n'), code: bind.status ?? -1 };
}

describe('zone-level findings as named-checkzone makes them', () => {
  it('RRSIG signers are compared without case, NSEC next names with it (RFC 6840 5.1)', () => {
    const text = HEADER + `c0 RRSIG A 8 2 3600 ${T} 1 example. AAAA\nc0 RRSIG A 8 2 3600 ${T} 1 EXAMPLE. AAAA\nc1 NSEC a A\nc1 NSEC A A\n`;
    const file = join(dir, 'case.zone');
    writeFileSync(file, text, 'latin1');
    const bind = spawnSync('named-checkzone', ['-i', 'local', '-D', '-o', '-', 'example', file], { encoding: 'latin1' });
    expect(bind.status, bind.stderr).toBe(0);
    const theirs = bindDumpLines(bind.stdout);
    expect(theirs.filter((l) => l.includes('RRSIG'))).toHaveLength(1);
    expect(theirs.filter((l) => l.includes('NSEC'))).toHaveLength(2);
    const ours = bindDumpLines(checkZoneCommand(['example', file, '--dump']).stdout);
    expect(ours).toEqual(theirs);
  });

  it.each([['warn', 1], ['fail', 1], ['ignore', 0]] as const)('an NSEC3 owner that is no hash, check-names %s', (mode, code) => {
    const r = bothCheck(`nsec3-owner-${mode}`, HEADER + `x NSEC3 1 0 0 - ${NEXT} A\n${HASH} NSEC3 1 0 0 - ${NEXT} A\n`, mode);
    expect(r.code).toBe(code);
    const line = /nsec3-owner-\w+\.zone:5: x\.example: bad owner name \(check-names\)/;
    if (code === 1) {
      expect(r.bind).toMatch(line);
      expect(r.ours).toMatch(line);
    } else {
      expect(r.bind).not.toMatch(line);
      expect(r.ours).toBe('');
    }
  });
});
