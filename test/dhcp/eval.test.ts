/**
 * dhcp-eval(5) expressions: parsing (precedence and kinds as ISC dhcpd 4.4's parse.c) and
 * evaluation (tree.c), table-driven, plus a property test that no packet and no expression
 * makes the evaluator throw.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TokenStream, tokenize } from '../../src/dhcp/conf/lexer.js';
import { builtinOptions } from '../../src/dhcp/option-defs.js';
import { parseExpressionOf, type ExprEnv } from '../../src/dhcp/eval/parse-expr.js';
import { evalBoolean, evalData, evalNumeric, type EvalContext } from '../../src/dhcp/eval/evaluate.js';
import type { Expr } from '../../src/dhcp/eval/ast.js';
import { tokenError } from '../../src/dhcp/conf/lexer.js';
import { request } from './helpers/wire.js';
import { LocatedError } from '../../src/util/located-error.js';

const env: ExprEnv = {
  resolveOption(tok) {
    const name = tok.text.toLowerCase();
    if (name === 'arch') return { space: 'dhcp', code: 93, name };
    if (name === 'agent.circuit-id') return { space: 'agent', code: 1, name: 'circuit-id' };
    const def = builtinOptions.byNameOf(name);
    if (!def) throw tokenError(tok, `no option named ${name} in space dhcp`);
    return { space: 'dhcp', code: def.code, name: def.name };
  },
};

function parse(text: string, kind: 'boolean' | 'data' | 'numeric' = 'boolean'): Expr {
  const ts = new TokenStream(tokenize(text, 'e.conf'));
  const e = parseExpressionOf(ts, env, kind);
  expect(ts.atEof(), `trailing tokens after ${text}`).toBe(true);
  return e;
}

const pxe = request({
  type: 1,
  mac: '00:0c:29:aa:bb:01',
  options: [
    [60, Buffer.from('PXEClient:Arch:00007:UNDI:003016')],
    [77, Buffer.from('iPXE')],
    [93, Buffer.from([0, 7])],
    [82, Buffer.from([1, 3, 0x65, 0x74, 0x30, 2, 2, 0xab, 0xcd])],
  ],
});
const plain = request({ type: 1, mac: '00:0c:29:aa:bb:02' });

function ctx(over: Partial<EvalContext> = {}): EvalContext {
  return { packet: pxe, known: false, variables: new Map(), ...over };
}

describe('dhcp-eval(5) BOOLEAN EXPRESSIONS on a PXE client', () => {
  it.each([
    ['substring (option vendor-class-identifier, 0, 9) = "PXEClient"', true],
    ['substring(option vendor-class-identifier,0,9)="PXEClient"', true],
    ['exists user-class and option user-class = "iPXE"', true],
    ['option user-class = "ipxe"', false],
    ['lcase (option user-class) = "ipxe"', true],
    ['ucase (option user-class) = "IPXE"', true],
    ['option arch = 00:07', true],
    ['option arch = 00:06', false],
    ['option arch = 7', false], // one byte 07 against two bytes
    ['extract-int (option arch, 16) = 7', true],
    ['not exists host-name', true],
    ['exists host-name', false],
    ['option host-name = "x"', false],
    ['option host-name = option domain-name', true], // both absent: equal (tree.c)
    ['option user-class != "iPXE"', false],
    ['option user-class ~= "^i[A-Z]+$"', true],
    ['option user-class ~~ "^ipxe$"', true],
    ['option vendor-class-identifier ~= "[[:digit:]]{5}"', true],
    ['suffix (option vendor-class-identifier, 6) = "003016"', true],
    ['substring (hardware, 1, 3) = 00:0c:29', true],
    ['hardware = 1:0:c:29:aa:bb:1', true],
    ['option agent.circuit-id = "et0"', true],
    ['concat ("PXE", "Client") = substring (option vendor-class-identifier, 0, 9)', true],
    ['binary-to-ascii (16, 8, ":", substring (hardware, 1, 6)) = "0:c:29:aa:bb:1"', true],
    ['binary-to-ascii (10, 8, ".", c0:a8:1:2) = "192.168.1.2"', true],
    ['encode-int (7, 16) = option arch', true],
    ['reverse (1, option arch) = 07:00', true],
    ['pick-first-value (option host-name, option user-class) = "iPXE"', true],
    ['substring ("abc", 5, 2) = ""', true], // offset past the end: empty (tree.c)
    ['known', false],
    ['static', false],
    ['exists user-class or exists host-name', true],
    ['(exists host-name or exists user-class) and not known', true],
    ['encode-int (extract-int (option arch, 16) + 1, 16) = 00:08', true],
    ['encode-int (extract-int (option arch, 16) * 2, 8) = 0e', true],
    ['encode-int (extract-int (option arch, 16) / 0, 8) = 0', false],
    // dhcpd 4.4 has no working `-` (its lexer reads it as a name): wrap-around by addition.
    ['encode-int (extract-int (option arch, 16) + 4294967288, 32) = ff:ff:ff:ff', true],
  ])('%s -> %s', (text, want) => {
    expect(evalBoolean(parse(text), ctx())).toBe(want);
  });
});

describe('tree.c failure rules (a NULL result)', () => {
  it.each([
    ['exists host-name and known', null], // false and x: no result
    ['not (exists host-name and known)', null], // not of no result: no result
    ['exists host-name or known', false],
    ['option host-name ~= "x"', null],
    ['extract-int (option host-name, 8) = 1', false],
  ])('%s -> %s', (text, want) => {
    expect(evalBoolean(parse(text), ctx())).toBe(want);
  });

  it('known needs a packet; static and leased-address need a lease', () => {
    expect(evalBoolean(parse('known'), { known: true, variables: new Map() })).toBeNull();
    expect(evalBoolean(parse('known'), ctx({ known: true }))).toBe(true);
    const lease = { ip: 0xc0a8f496, isStatic: true, hostName: 'esxi01', secondsLeft: 600 };
    expect(evalBoolean(parse('static'), ctx({ lease }))).toBe(true);
    expect(evalData(parse('leased-address', 'data'), ctx())).toBeNull();
    expect(evalData(parse('binary-to-ascii (10, 8, ".", leased-address)', 'data'), ctx({ lease }))?.toString()).toBe('192.168.244.150');
    expect(evalData(parse('host-decl-name', 'data'), ctx({ lease }))?.toString()).toBe('esxi01');
    expect(evalNumeric(parse('lease-time', 'numeric'), ctx({ lease }))).toBe(600n);
  });

  it('packet (OFFSET, LEN) reads the raw packet; without one it fails', () => {
    const raw = Buffer.from([1, 1, 6, 0, 0xde, 0xad]);
    expect(evalData(parse('packet (4, 2)', 'data'), ctx({ raw }))).toEqual(Buffer.from([0xde, 0xad]));
    expect(evalData(parse('packet (4, 9)', 'data'), ctx({ raw }))).toEqual(Buffer.from([0xde, 0xad]));
    expect(evalData(parse('packet (9, 1)', 'data'), ctx({ raw }))).toBeNull();
    expect(evalData(parse('packet (0, 1)', 'data'), ctx())).toBeNull();
  });

  it('variables: set values, defined(), and a plain client', () => {
    // `vv`, not `v`: dhcpd reads a one-letter word as hex (conflex.c NUMBER_OR_NAME), never a variable.
    const variables = new Map([['vv', { type: 'data' as const, data: Buffer.from('x') }]]);
    expect(evalBoolean(parse('vv = "x"'), ctx({ variables }))).toBe(true);
    expect(evalBoolean(parse('defined (vv)'), ctx({ variables }))).toBe(true);
    expect(evalBoolean(parse('defined (w)'), ctx({ variables }))).toBe(false);
    expect(evalBoolean(parse('substring (option vendor-class-identifier, 0, 9) = "PXEClient"'), ctx({ packet: plain }))).toBe(false);
  });
});

describe('conflex.c read_number: a word starting with a digit', () => {
  it.each(['1x', '1-0', '2_a'])('%s with a letter past f, - or _ is a variable', (w) => {
    expect(parse(`option user-class = ${w}`)).toMatchObject({ op: 'binary', kind: '=', right: { op: 'variable', name: w } });
  });
});

describe('parse.c precedence and kinds', () => {
  it('= binds tighter than and/or; and/or after a comparison nest to the right (parse_expression recursion)', () => {
    const e = parse('known and static or known');
    expect(e).toMatchObject({ op: 'binary', kind: 'or', left: { kind: 'and' } }); // and/or: one level, to the left
    const f = parse('option user-class = "a" and option user-class = "b" or exists user-class');
    expect(f).toMatchObject({ op: 'binary', kind: 'and', left: { kind: '=' }, right: { kind: 'or', left: { kind: '=' } } });
  });

  it('+ binds looser than * in op_val (dhcpd 4.4: * is 1, + is 2)', () => {
    const e = parse('1 + 2 * 3', 'numeric');
    expect(evalNumeric(e, ctx())).toBe(9n); // (1 + 2) * 3
  });

  it.each([
    ['if-less data where a boolean is needed', 'option user-class', 'e.conf:1:1: Expecting a boolean expression.'],
    ['types related', 'option user-class = known', "e.conf:1:21: illegal expression relating different types"],
    ['a number related to data', 'substring (option user-class, 0, 9 = "x"', 'e.conf:1:38: illegal expression relating different types'],
    ['booleans are not compared', 'known = known', 'e.conf:1:9: expecting data/numeric expression'],
    ['arithmetic then = (the right side is read as data, as dhcpd does)', 'extract-int (option arch, 16) + 1 = 8', 'e.conf:1:37: illegal expression relating different types'],
    ['missing paren', 'substring (option user-class, 0, 9', 'e.conf:1:35: right parenthesis expected, found end of file'],
    ['! without =', 'option user-class ! "x"', 'e.conf:1:21: ! in boolean context without =, found "x"'],
    ['unknown option', 'exists no-such-option', "e.conf:1:8: no option named no-such-option in space dhcp"],
    ['bad width', 'extract-int (option arch, 12) = 1', "e.conf:1:27: unsupported integer size '12': 8, 16 or 32 expected"],
    ['no right-hand side', 'known and', 'e.conf:1:10: expecting right-hand side, found end of file'],
    ['- is no operator (dhcpd reads it as a name)', 'extract-int (option arch, 16) - 8 = 1', 'e.conf:1:1: Expecting a boolean expression.'],
    ['a one-letter word is hex, not a variable (conflex.c NUMBER_OR_NAME)', 'option user-class = g', 'e.conf:1:21: Bogus number g: not in base 16'],
    ['a word of hex digits after its first letter too', 'option user-class = x1', 'e.conf:1:21: Bogus number x1: not in base 16'],
    ['check: dhcpd has no collections', 'check "pxe"', 'e.conf:1:7: unknown collection.'],
    ['a word of digits and hex letters is a number', 'option user-class = 1abc', "e.conf:1:21: expecting numeric value, found '1abc'"],
  ])('%s: %s', (_what, text, message) => {
    let err: unknown;
    try {
      parse(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LocatedError);
    expect((err as LocatedError).format()).toBe(message);
  });
});

describe('property: the evaluator never throws', () => {
  const leaf = fc.constantFrom(
    'option user-class', 'option vendor-class-identifier', 'option arch', 'hardware', 'leased-address', 'host-decl-name',
    '"PXEClient"', '00:07', 'option agent.circuit-id', 'packet (0, 4)', 'vv',
  );
  const num = fc.constantFrom('0', '1', '9', '4294967295', 'extract-int (option arch, 16)', 'lease-time');
  const data: fc.Arbitrary<string> = fc.letrec<{ d: string }>((tie) => ({
    d: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('d'), num, num).map(([d, a, b]) => `substring (${d}, ${a}, ${b})`),
      fc.tuple(tie('d'), num).map(([d, a]) => `suffix (${d}, ${a})`),
      fc.tuple(tie('d'), tie('d')).map(([a, b]) => `concat (${a}, ${b})`),
      fc.tuple(num, num, tie('d')).map(([b, w, d]) => `binary-to-ascii (${b}, ${w}, ":", ${d})`),
      fc.tuple(num, tie('d')).map(([w, d]) => `reverse (${w}, ${d})`),
      fc.tuple(num, fc.constantFrom('8', '16', '32')).map(([n, w]) => `encode-int (${n}, ${w})`),
      tie('d').map((d) => `lcase (${d})`),
    ),
  })).d;
  const bool = fc.tuple(data, data, fc.constantFrom('=', '!=', '~=', '~~'), fc.constantFrom('and', 'or'), data)
    .map(([a, b, op, lop, c]) => `(${a} ${op} ${b}) ${lop} not exists user-class or ${c} = ${a}`);
  const packet = fc.record({
    mac: fc.constantFrom('00:0c:29:aa:bb:01', '02:00:00:00:00:09'),
    opts: fc.array(fc.tuple(fc.constantFrom(60, 77, 93, 82, 12), fc.uint8Array({ maxLength: 12 })), { maxLength: 5 }),
  });

  it('holds for generated expressions and packets', () => {
    fc.assert(
      fc.property(bool, packet, fc.uint8Array({ maxLength: 20 }), (text, p, raw) => {
        const e = parse(text);
        const pk = request({ type: 1, mac: p.mac, options: p.opts.map(([c, v]) => [c, Buffer.from(v)]) });
        const lease = { ip: 1, isStatic: false, secondsLeft: 5 };
        const r = evalBoolean(e, { packet: pk, raw: Buffer.from(raw), known: false, lease, variables: new Map() });
        expect(r === null || typeof r === 'boolean').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
