// bench/results.svg: one panel per DNS row of bench/RESULTS.md, a bar per server (labnet in
// its own colour), the value written at the end of each bar; readable without the table.
const PANELS = [
  { key: 'udpQps', title: 'UDP queries/s (higher is better)', d: 0 },
  { key: 'tcpQps', title: 'TCP queries/s, 8 connections (higher is better)', d: 0 },
  { key: 'cpuPer1k', title: 'CPU ms per 1,000 queries at a fixed rate (lower is better)', d: 1 },
  { key: 'p99', title: 'p99 latency ms at 80% of own peak (lower is better)', d: 3 },
];

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function resultsSvg(summary, servers, when) {
  const W = 720;
  const barH = 18;
  const gap = 6;
  const labelW = 70;
  const panelH = 28 + servers.length * (barH + gap) + 12;
  const H = 40 + PANELS.length * panelH;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">labnet against BIND 9.18, Knot, NSD (${esc(when.slice(0, 10))}, medians)</text>`];
  PANELS.forEach((p, i) => {
    const y0 = 40 + i * panelH;
    out.push(`<text x="10" y="${y0 + 16}" font-weight="bold">${esc(p.title)}</text>`);
    const vals = servers.map((s) => summary[s][p.key]).filter(Number.isFinite);
    const max = Math.max(...vals, 1e-9);
    servers.forEach((s, j) => {
      const v = summary[s][p.key];
      const y = y0 + 26 + j * (barH + gap);
      const w = Number.isFinite(v) ? Math.max(1, ((W - labelW - 110) * v) / max) : 0;
      out.push(`<text x="10" y="${y + 13}">${esc(s)}</text>`);
      out.push(`<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${s.startsWith('labnet') ? '#d9541e' : '#4a78b5'}"/>`);
      out.push(`<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 13}">${Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: p.d, minimumFractionDigits: p.d }) : 'n/a'}</text>`);
    });
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
