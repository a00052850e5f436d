// A zone file read in pieces (zone-text-reader.ts) and loaded through them (load.ts): the
// pieces are the file, cut after line ends; a zone of many pieces loads as its whole text does.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openZoneText } from '../../src/zones/zone-text-reader.js';
import { loadZoneFile } from '../../src/zones/load.js';
import { buildZone } from '../../src/zones/zone.js';
import { parseZone } from '../../src/zones/parser.js';
import { dumpZone } from '../../src/zones/dump.js';

function withFile(text: string, fn: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'labnet-test-zone-text-'));
  try {
    const path = join(dir, 'z.db');
    writeFileSync(path, Buffer.from(text, 'latin1'));
    fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Lines of every shape, many pieces long: comments, parentheses over lines, quoted strings
// with an escaped line end, CRLF, raw bytes above 0x7f, a last line without its line end.
let zone = '$TTL 300\n@ SOA ns root ( 1 3600 600\n  86400 60 )\n@ NS ns\nns A 10.0.0.1\n';
for (let i = 0; i < 6000; i++) {
  zone += `h${i} A 10.0.${(i >> 8) & 255}.${i & 255} ; host ${i}\r\n`;
  if (i % 7 === 0) zone += ` TXT "t\\\n${i}" "\xe9\\255"\n`;
  if (i % 11 === 0) zone += `m${i} MX ( 10\n  h${i} )\n`;
}
zone += 'last TXT "no line end"';

describe('zone text in pieces', () => {
  it('gives the file back whole, each piece but the last ending after a line end', () => {
    withFile(zone, (path) => {
      const t = openZoneText(path);
      const pieces = [t.first];
      for (let p = t.next(); p !== undefined; p = t.next()) pieces.push(p);
      expect(pieces.length).toBeGreaterThan(10);
      expect(pieces.join('')).toBe(zone);
      expect(t.size).toBe(zone.length);
      for (const p of pieces.slice(0, -1)) expect(p.endsWith('\n')).toBe(true);
    });
  });

  it('loads a zone of many pieces as its whole text loads, warnings included', () => {
    withFile(zone, (path) => {
      const w1: string[] = [];
      const w2: string[] = [];
      const a = loadZoneFile('t.test', path, { warn: (w) => w1.push(`${w.line}:${w.col}: ${w.message}`) });
      const b = buildZone(parseZone(zone, { origin: 't.test.', file: path, warn: (w) => w2.push(`${w.line}:${w.col}: ${w.message}`) }), {
        origin: 't.test.', file: path, warn: (w) => w2.push(`${w.line}:${w.col}: ${w.message}`),
      });
      expect(a.recordCount).toBe(b.recordCount);
      expect(a.recordCount).toBe(3 + 6000 + 858 + 546 + 1);
      expect(dumpZone(a, 0)).toBe(dumpZone(b, 0));
      expect(w1).toEqual(w2);
    });
  });

  it('names the line of an error far into the file as the whole text does', () => {
    const bad = zone.replace('h5000 A 10.0.19.136', 'h5000 A 10.0.19.999');
    withFile(bad, (path) => {
      let whole = '';
      try {
        buildZone(parseZone(bad, { origin: 't.test.', file: path }), { origin: 't.test.', file: path });
      } catch (e) {
        whole = (e as Error & { format(): string }).format();
      }
      let pieces = '';
      try {
        loadZoneFile('t.test', path);
      } catch (e) {
        pieces = (e as Error & { format(): string }).format();
      }
      expect(whole).toMatch(/:\d+:\d+: /);
      expect(pieces).toBe(whole);
    });
  });
});
