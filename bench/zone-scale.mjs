#!/usr/bin/env node
// `npm run bench:zone-scale [-- --quick]`: the zone scaling series alone (bench/lib/zone-scale.mjs:
// zones of 1k, 100k, 1M and 5M A records, labnet and BIND 9.18 in turn; --quick: up to 100k).
// Replaces the "Zone sizes" section of bench/RESULTS.md and of bench/results.svg, keeps the
// rest; writes bench/out/zone-scale.json. `npm run bench` (bench/run.mjs) runs the same series.
// BENCH_ROUNDS (default 3) rounds; BENCH_ZONE_SIZES=1000,100000 picks the sizes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './lib/servers.mjs';
import { measureZoneScale, zoneScaleMarkdown, zoneScalePanels, ZONE_HEADING, zoneSizes } from './lib/zone-scale.mjs';
import { barSection, composeSvg, mergeSections } from './lib/svg.mjs';
import { replaceSection } from './lib/sections.mjs';

const QUICK = process.argv.includes('--quick');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
if (spawnSync('sh', ['-c', 'command -v named']).status !== 0) {
  console.error('bench: missing named: apt-get install -y bind9');
  process.exit(1);
}
if (!existsSync(join(REPO, 'dist/cli/main.js'))) {
  console.error('bench: dist/ is missing: npm run build');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'labnet-bench-zones-'));
try {
  const log = (m) => console.error(`[bench] ${m}`);
  const when = new Date().toISOString();
  const z = await measureZoneScale({ sizes: zoneSizes(QUICK), rounds: ROUNDS, work, log });
  mkdirSync(join(REPO, 'bench/out'), { recursive: true });
  writeFileSync(join(REPO, 'bench/out/zone-scale.json'), JSON.stringify({ when, quick: QUICK, ...z }, null, 2) + '\n');
  const section = zoneScaleMarkdown(z, { when, command: `npm run bench:zone-scale${QUICK ? ' -- --quick' : ''}` });
  const mdFile = join(REPO, 'bench/RESULTS.md');
  const md = existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : '# Benchmark results\n';
  writeFileSync(mdFile, replaceSection(md, ZONE_HEADING, section.slice(ZONE_HEADING.length)));
  const svgFile = join(REPO, 'bench/results.svg');
  const old = existsSync(svgFile) ? readFileSync(svgFile, 'utf8') : '';
  writeFileSync(svgFile, composeSvg(mergeSections(old, [barSection('zones', zoneScalePanels(z))]), when));
  console.log(section);
  console.log('wrote bench/RESULTS.md (Zone sizes), bench/results.svg, bench/out/zone-scale.json');
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
