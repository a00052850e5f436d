/**
 * The Prometheus text exposition format (version 0.0.4): `# HELP`, `# TYPE`, then one
 * `name{label="value",...} number` line per sample; label values escape `\`, `"` and line
 * feeds. Pure: metric families in, text out.
 */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: { labels?: Record<string, string>; value: number }[];
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

export function formatMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels ?? {});
      const l = labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
      lines.push(`${f.name}${l} ${Number.isFinite(s.value) ? s.value : s.value > 0 ? '+Inf' : s.value < 0 ? '-Inf' : 'NaN'}`);
    }
  }
  return lines.join('\n') + '\n';
}
