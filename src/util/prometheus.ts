/**
 * The Prometheus text exposition format (version 0.0.4): `# HELP`, `# TYPE`, then one
 * `name{label="value",...} number` line per sample; label values escape `\`, `"` and line
 * feeds. A histogram is written as the format says: `NAME_bucket{le="B"}` cumulative lines
 * ending with `le="+Inf"`, then `NAME_sum` and `NAME_count`. Pure: metric families in, text out.
 */
import type { HistogramSnapshot } from './histogram.js';

export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: { labels?: Record<string, string>; value: number }[];
}

export interface HistogramFamily {
  name: string;
  help: string;
  type: 'histogram';
  samples: { labels?: Record<string, string>; histogram: HistogramSnapshot }[];
}

/** Expands a histogram into its sample lines' (suffix, labels, value) triples. */
function histogramSamples(f: HistogramFamily): { name: string; labels?: Record<string, string>; value: number }[] {
  const out: { name: string; labels?: Record<string, string>; value: number }[] = [];
  for (const { labels, histogram: h } of f.samples) {
    h.bounds.forEach((b, i) => out.push({ name: `${f.name}_bucket`, labels: { ...labels, le: String(b) }, value: h.cumulative[i]! }));
    out.push({ name: `${f.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: h.count });
    out.push({ name: `${f.name}_sum`, labels, value: h.sum });
    out.push({ name: `${f.name}_count`, labels, value: h.count });
  }
  return out;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

export function formatMetrics(families: readonly (MetricFamily | HistogramFamily)[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    const samples = f.type === 'histogram' ? histogramSamples(f) : f.samples.map((s) => ({ name: f.name, ...s }));
    for (const s of samples) {
      const labels = Object.entries(s.labels ?? {});
      const l = labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      lines.push(`${s.name}${l} ${Number.isFinite(s.value) ? s.value : s.value > 0 ? '+Inf' : s.value < 0 ? '-Inf' : 'NaN'}`);
    }
  }
  return lines.join('\n') + '\n';
}
