// bench/results.svg: one panel per row of bench/RESULTS.md, a bar per server (labnet in its
// own colour), the value written at the end of each bar; readable without the table.
// Panels come in sections (DNS, zone sizes, ...), each a <g id=...> of its own, so a bench that
// measures one section (npm run bench:zone-scale) replaces its section and keeps the others.
const DNS_PANELS = [
  { key: 'udpQps', title: 'UDP queries/s (higher is better)', d: 0 },
  { key: 'tcpQps', title: 'TCP queries/s, 8 connections (higher is better)', d: 0 },
  { key: 'cpuPer1k', title: 'CPU ms per 1,000 queries at a fixed rate (lower is better)', d: 1 },
  { key: 'p99', title: 'p99 latency ms at 80% of own peak (lower is better)', d: 3 },
];

const W = 720;
const BAR_H = 18;
const GAP = 6;
const LABEL_W = 110;
const TOP = 40;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * One section: `panels` = [{ title, d (decimals), bars: [{ label, mine, value }] }].
 * Returns { id, h, body } (body: SVG drawn from y = 0).
 */
export function barSection(id, panels) {
  const out = [];
  let y0 = 0;
  for (const p of panels) {
    out.push(`<text x="10" y="${y0 + 16}" font-weight="bold">${esc(p.title)}</text>`);
    const max = Math.max(...p.bars.map((b) => b.value).filter(Number.isFinite), 1e-9);
    p.bars.forEach((b, j) => {
      const y = y0 + 26 + j * (BAR_H + GAP);
      const v = b.value;
      const w = Number.isFinite(v) ? Math.max(1, ((W - LABEL_W - 110) * Math.max(v, 0)) / max) : 0;
      out.push(`<text x="10" y="${y + 13}">${esc(b.label)}</text>`);
      out.push(`<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${b.mine ? '#d9541e' : '#4a78b5'}"/>`);
      out.push(`<text x="${(LABEL_W + w + 6).toFixed(1)}" y="${y + 13}">${Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: p.d, minimumFractionDigits: p.d }) : 'n/a'}</text>`);
    });
    y0 += 28 + p.bars.length * (BAR_H + GAP) + 12;
  }
  return { id, h: y0, body: out.join('\n') };
}

/** The DNS section: the four rows of the DNS table, a bar per server. */
export function dnsSection(summary, servers) {
  return barSection('dns', DNS_PANELS.map((p) => ({
    title: p.title, d: p.d,
    bars: servers.map((s) => ({ label: s, mine: s.startsWith('labnet'), value: summary[s][p.key] })),
  })));
}

/**
 * The sections an earlier results.svg holds, to keep those a run does not measure. A chart
 * drawn before sections existed (DNS panels only, from y = 40) is taken as the DNS section.
 */
export function sectionsOf(svg) {
  const out = [];
  const re = /<g id="([\w-]+)" data-h="(\d+)"[^>]*>\n([\s\S]*?)\n<\/g><!--\/\1-->/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) out.push({ id: m[1], h: Number(m[2]), body: m[3] });
  if (out.length > 0) return out;
  const legacy = /^<svg [^>]*height="(\d+)"[^>]*>\n<rect [^>]*\/>\n<text [^>]*>[^<]*<\/text>\n([\s\S]*)\n<\/svg>\s*$/.exec(svg);
  if (legacy) out.push({ id: 'dns', h: Number(legacy[1]) - TOP, body: `<g transform="translate(0,-${TOP})">\n${legacy[2]}\n</g>` });
  return out;
}

/** The whole chart: `sections` one under the other, with the title. */
export function composeSvg(sections, when) {
  const H = TOP + sections.reduce((a, s) => a + s.h, 0);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">labnet against BIND 9.18, Knot, NSD (${esc(when.slice(0, 10))}, medians)</text>`];
  let y = TOP;
  for (const s of sections) {
    out.push(`<g id="${s.id}" data-h="${s.h}" transform="translate(0,${y})">\n${s.body}\n</g><!--/${s.id}-->`);
    y += s.h;
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** `fresh` sections replace those of the same id in `oldSvg` (kept in place), new ones go last. */
export function mergeSections(oldSvg, fresh) {
  const old = sectionsOf(oldSvg ?? '');
  const byId = new Map(fresh.map((s) => [s.id, s]));
  const out = old.map((s) => byId.get(s.id) ?? s);
  for (const s of fresh) if (!old.some((o) => o.id === s.id)) out.push(s);
  return out;
}
