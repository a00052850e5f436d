/**
 * The generic named.conf parser: one walk driven by the grammar table (grammar.ts), as
 * isccfg parses (BIND 9.18 lib/isccfg/parser.c conventions): a block is clauses each
 * ended by `;`; a clause name is looked up case-insensitively in the block's table
 * ("unknown option 'x'"); a clause not marked `multi` may appear once ("'x' redefined
 * near 'x'"); its values are matched against its pattern, alternatives tried in order
 * and optional parts skipped when their first token does not fit. `include "FILE";`
 * may stand wherever a clause may; the file's tokens are read in its place.
 *
 * Include paths resolve against `base` (named-checkconf: its working directory), which
 * `options { directory }` moves for the includes after it, as named-checkconf changes
 * directory when it reads the option. Errors throw LocatedError at the offending token.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { LocatedError } from '../../util/located-error.js';
import { near, tokenize, type ConfToken } from './lexer.js';
import { clausesOf, subgrammar } from './grammar.js';
import type { Pattern } from './notation.js';
import type { ConfClause, ConfValue } from './tree.js';
import { VALUE_TYPES, type Match } from './values.js';

export interface ParseConfOptions {
  /** Reads an included file (default: the file system). */
  readFile?: (path: string) => string;
  /** Folder relative include paths (and a relative `directory`) resolve against. */
  base: string;
  /**
   * Check that `options { directory }` exists, as named-checkconf does when it changes
   * into it ("change directory to 'x' failed").
   */
  checkDirectory?: boolean;
}

export interface ParsedConf {
  clauses: ConfClause[];
  /** `FILE:LINE:COL: message` for deprecated and obsolete options. */
  warnings: string[];
  /** Every file read, the main one first. */
  files: string[];
  /** The folder `base` ended at (after `directory`). */
  directory: string;
}

/** More includes than this is a loop (a file including itself). */
const MAX_INCLUDES = 1000;

const ok = (values: ConfValue[], next: number): Match => ({ ok: true, values, next });
const fail = (message: string, at: number): Match => ({ ok: false, message, at });

/** Names a failed alternative the way named-checkconf does. */
function altMessage(ps: Pattern[], t: ConfToken, last: string): string {
  if (ps.every((p) => p.t === 'lit')) return t.kind === 'string' ? `expected unquoted string near '"'` : `'${t.text}' unexpected`;
  const types = new Set(ps.map((p) => (p.t === 'type' ? p.name : p.t === 'lit' ? p.text : '')));
  if (types.has('ipv4_address') && types.has('ipv6_address')) return `expected IP address${types.has('*') ? " or '*'" : ''} near ${near(t)}`;
  if (types.has('*') && types.has('ipv4_address')) return `expected IPv4 address or '*' near ${near(t)}`;
  if (types.has('*') && types.has('ipv6_address')) return `expected IPv6 address or '*' near ${near(t)}`;
  return last;
}

class ConfParser {
  private toks: ConfToken[];
  readonly warnings: string[] = [];
  readonly files: string[];
  base: string;

  constructor(text: string, file: string, private readonly opts: ParseConfOptions) {
    this.toks = tokenize(text, file);
    this.files = [file];
    this.base = opts.base;
  }

  private error(message: string, at: number): never {
    const t = this.toks[at];
    throw new LocatedError(message, t.loc.file, t.loc.line, t.loc.col, t.text);
  }

  private isSpecial(i: number, c: string): boolean {
    const t = this.toks[i];
    return t.kind === 'special' && t.text === c;
  }

  match(p: Pattern, i: number): Match {
    const t = this.toks[i];
    switch (p.t) {
      case 'lit':
        if ((t.kind === 'word' || t.kind === 'special') && t.text.toLowerCase() === p.text) {
          return ok([{ kind: 'word', type: 'keyword', text: p.text, loc: t.loc }], i + 1);
        }
        return fail(t.kind === 'string' ? `expected unquoted string near '"'` : `'${p.text}' expected near ${near(t)}`, i);
      case 'type': {
        const sub = subgrammar(p.name);
        if (sub) {
          const r = this.match(sub, i);
          const lists = r.ok ? r.values.filter((v) => v.kind === 'list') : [];
          if (lists.length === 1 && lists[0].kind === 'list') lists[0].of ??= p.name;
          return r;
        }
        const m = VALUE_TYPES[p.name];
        if (!m) throw new Error(`named.conf grammar: no value type <${p.name}>`);
        return m(this.toks, i);
      }
      case 'seq': {
        const values: ConfValue[] = [];
        let j = i;
        for (const item of p.items) {
          const r = this.match(item, j);
          if (!r.ok) return r;
          values.push(...r.values);
          j = r.next;
        }
        return ok(values, j);
      }
      case 'opt': {
        const r = this.match(p.p, i);
        return r.ok || r.at > i || r.hard ? r : ok([], i);
      }
      case 'alt': {
        let last: Match | undefined;
        for (const alt of p.ps) {
          const r = this.match(alt, i);
          if (r.ok || r.at > i || r.hard) return r;
          last = r;
        }
        return fail(altMessage(p.ps, t, last && !last.ok ? last.message : ''), i);
      }
      case 'list':
        return this.list(p.elem, i);
      case 'raw':
        return this.raw(i);
      case 'block': {
        if (!this.isSpecial(i, '{')) return fail(`'{' expected near ${near(t)}`, i);
        const { clauses, next } = this.clauses(p.name, i + 1, false);
        return ok([{ kind: 'block', block: p.name, clauses, loc: t.loc }], next + 1);
      }
    }
  }

  /** `{ elem; ... }` */
  private list(elem: Pattern, i: number): Match {
    const open = this.toks[i];
    if (!this.isSpecial(i, '{')) return fail(`'{' expected near ${near(open)}`, i);
    const items: ConfValue[][] = [];
    let j = i + 1;
    while (!this.isSpecial(j, '}')) {
      if (this.toks[j].kind === 'eof') return fail(`'}' expected near end of file`, j);
      const r = this.match(elem, j);
      if (!r.ok) return r;
      if (!this.isSpecial(r.next, ';')) return fail(`missing ';' before ${near(this.toks[r.next])}`, r.next);
      items.push(r.values);
      j = r.next + 1;
    }
    return ok([{ kind: 'list', items, loc: open.loc }], j + 1);
  }

  /** `{ <unspecified-text> }`: balanced braces, kept as text. */
  private raw(i: number): Match {
    const open = this.toks[i];
    if (!this.isSpecial(i, '{')) return fail(`'{' expected near ${near(open)}`, i);
    const parts: string[] = [];
    let depth = 1;
    let j = i + 1;
    for (;; j++) {
      const t = this.toks[j];
      if (t.kind === 'eof') return fail(`'}' expected near end of file`, j);
      if (t.kind === 'special' && t.text === '{') depth++;
      if (t.kind === 'special' && t.text === '}' && --depth === 0) break;
      parts.push(t.kind === 'string' ? JSON.stringify(t.text) : t.text);
    }
    return ok([{ kind: 'raw', text: parts.join(' '), loc: open.loc }], j + 1);
  }

  /** The clauses of `block` from `i` up to its `}` (or the end of input at the top). */
  clauses(block: string, i: number, top: boolean): { clauses: ConfClause[]; next: number } {
    const table = clausesOf(block);
    const out: ConfClause[] = [];
    const seen = new Set<string>();
    for (;;) {
      const t = this.toks[i];
      if (t.kind === 'eof') {
        if (top) return { clauses: out, next: i };
        this.error(`'}' expected near end of file`, i);
      }
      if (!top && t.kind === 'special' && t.text === '}') return { clauses: out, next: i };
      if (t.kind !== 'word') this.error(top ? `syntax error near ${near(t)}` : `'}' expected near ${near(t)}`, i);
      const name = t.text.toLowerCase();
      if (name === 'include') {
        i = this.include(i);
        continue;
      }
      const def = table.get(name);
      if (!def) this.error(`unknown option '${t.text}'`, i);
      if (!def.multi && seen.has(name)) this.error(`'${name}' redefined near '${t.text}'`, i);
      seen.add(name);
      if (def.status === 'not-configured') this.error(`option '${name}' was not enabled at compile time`, i);
      if (def.status === 'obsolete') this.warn(t, `option '${name}' is obsolete and should be removed`);
      if (def.status === 'deprecated') this.warn(t, `option '${name}' is deprecated`);
      const r = this.match(def.pattern, i + 1);
      if (!r.ok) this.error(r.message, r.at);
      if (!this.isSpecial(r.next, ';')) this.error(`missing ';' before ${near(this.toks[r.next])}`, r.next);
      out.push({ name, values: r.values, loc: t.loc });
      if (block === 'options' && name === 'directory') this.directory(r.values[0], i + 1);
      i = r.next + 1;
    }
  }

  private warn(t: ConfToken, message: string) {
    this.warnings.push(`${t.loc.file}:${t.loc.line}:${t.loc.col}: ${message}`);
  }

  private directory(v: ConfValue, at: number) {
    if (v.kind !== 'word') return;
    const dir = resolve(this.base, v.text);
    if (this.opts.checkDirectory) {
      let isDir = false;
      try {
        isDir = statSync(dir).isDirectory();
      } catch {
        // reported below
      }
      if (!isDir) this.error(`change directory to '${v.text}' failed: file not found`, at);
    }
    this.base = dir;
  }

  /** `include "FILE";` at `i`: the file's tokens replace the statement. Returns where to go on. */
  private include(i: number): number {
    const pathTok = this.toks[i + 1];
    if (pathTok.kind !== 'string') this.error(`expected quoted string near ${near(pathTok)}`, i + 1);
    if (!this.isSpecial(i + 2, ';')) this.error(`missing ';' before ${near(this.toks[i + 2])}`, i + 2);
    if (this.files.length > MAX_INCLUDES) this.error('include nesting too deep', i + 1);
    const path = isAbsolute(pathTok.text) ? pathTok.text : resolve(this.base, pathTok.text);
    let text: string;
    try {
      text = (this.opts.readFile ?? ((p: string) => readFileSync(p, 'latin1')))(path);
    } catch {
      this.error(`open: ${pathTok.text}: file not found`, i + 1);
    }
    const inner = tokenize(text, pathTok.text); // located by the name as written, as named-checkconf names it
    inner.pop(); // its end of file
    this.files.push(path);
    this.toks.splice(i, 3, ...inner);
    return i;
  }
}

/** Parses named.conf text (and its includes) against the BIND 9.18 grammar. Throws LocatedError. */
export function parseConf(text: string, file: string, opts: ParseConfOptions): ParsedConf {
  const p = new ConfParser(text, file, opts);
  const { clauses } = p.clauses('top', 0, true);
  return { clauses, warnings: p.warnings, files: p.files, directory: p.base };
}
