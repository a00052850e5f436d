/**
 * bench/soak.svg: one panel per soak series, the samples as a line over the run's minutes,
 * the warm-up shaded, the least-squares line over the rest dashed, and the flatness verdict
 * in the title. Pure: series in, SVG text out.
 */
import type { Flatness } from './trend.js';

export interface PlotSeries {
  title: string;
  unit: string;
  t: number[];
  y: number[];
  flat?: Flatness;
  /** Where the trend starts (after the warm-up), seconds. */
  from: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export function soakSvg(series: readonly PlotSeries[], heading: string): string {
  const cols = 2;
  const pw = 370;
  const ph = 150;
  const W = cols * pw + 20;
  const H = 40 + Math.ceil(series.length / cols) * ph;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">${esc(heading)}</text>`,
  ];
  series.forEach((s, i) => {
    const x0 = 10 + (i % cols) * pw + 45;
    const y0 = 40 + Math.floor(i / cols) * ph + 22;
    const w = pw - 65;
    const h = ph - 52;
    const ys = s.y.filter(Number.isFinite);
    const tMax = Math.max(...s.t, 1);
    let lo = Math.min(...ys, 0);
    let hi = Math.max(...ys, 1e-9);
    if (hi - lo < 1e-9) hi = lo + 1;
    hi += (hi - lo) * 0.05;
    const px = (t: number) => x0 + (w * t) / tMax;
    const py = (v: number) => y0 + h - (h * (v - lo)) / (hi - lo);
    const verdict = s.flat ? ` - ${s.flat.verdict}` : '';
    out.push(`<text x="${x0 - 35}" y="${y0 - 8}" font-weight="bold" fill="${s.flat && s.flat.verdict !== 'flat' ? '#b00000' : 'black'}">${esc(`${s.title} (${s.unit})${verdict}`)}</text>`);
    out.push(`<rect x="${x0}" y="${y0}" width="${((w * s.from) / tMax).toFixed(1)}" height="${h}" fill="#eeeeee"/>`);
    out.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
    out.push(`<text x="${x0 - 4}" y="${y0 + 4}" text-anchor="end">${num(hi)}</text><text x="${x0 - 4}" y="${y0 + h}" text-anchor="end">${num(lo)}</text>`);
    out.push(`<text x="${x0}" y="${y0 + h + 13}">0</text><text x="${x0 + w}" y="${y0 + h + 13}" text-anchor="end">${(tMax / 60).toFixed(0)} min</text>`);
    const pts = s.t.map((t, j) => (Number.isFinite(s.y[j]!) ? `${px(t).toFixed(1)},${py(s.y[j]!).toFixed(1)}` : '')).filter(Boolean);
    out.push(`<polyline fill="none" stroke="#4a78b5" stroke-width="1" points="${pts.join(' ')}"/>`);
    if (s.flat && Number.isFinite(s.flat.median)) {
      // The fitted line through the centroid of the trend's samples.
      const used = s.t.map((t, j) => [t, s.y[j]!] as const).filter(([t, v]) => t >= s.from && Number.isFinite(v));
      const mt = used.reduce((a, [t]) => a + t, 0) / used.length;
      const mv = used.reduce((a, [, v]) => a + v, 0) / used.length;
      const at = (t: number) => mv + s.flat!.slopePerSecond * (t - mt);
      out.push(`<line x1="${px(s.from).toFixed(1)}" y1="${py(at(s.from)).toFixed(1)}" x2="${px(tMax).toFixed(1)}" y2="${py(at(tMax)).toFixed(1)}" stroke="#d9541e" stroke-width="1.5" stroke-dasharray="5,3"/>`);
    }
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
