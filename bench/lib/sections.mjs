// The sections of bench/RESULTS.md that benchmarks other than `npm run bench` write
// (bench:fuzz "## Hostile input", bench:soak "## Soak", bench:dhcp-pg "## PostgreSQL",
// bench:dhcp-scale "## DHCP scaling"): each replaces its own section and
// keeps the rest; bench/run.mjs, which rewrites the file, carries them over as they are.

export const KEPT_SECTIONS = ['## Hostile input', '## Soak', '## PostgreSQL', '## DHCP scaling'];

/** `md` with the section under `heading` (to the next `## ` or the end) replaced by `body`, or appended. */
export function replaceSection(md, heading, body) {
  const start = md.indexOf(`\n${heading}`);
  const section = `${heading}\n\n${body.trim()}\n`;
  if (start < 0) return `${md.trimEnd()}\n\n${section}`;
  const next = md.indexOf('\n## ', start + 1);
  return `${md.slice(0, start + 1)}${section}${next < 0 ? '' : md.slice(next)}`;
}

/** The `headings` (default KEPT_SECTIONS) found in `old` (the file's previous text), in order, each ending with a newline. */
export function keptSections(old, headings = KEPT_SECTIONS) {
  let out = '';
  for (const heading of headings) {
    const start = old.indexOf(`\n${heading}\n`);
    if (start < 0) continue;
    const next = old.indexOf('\n## ', start + 1);
    out += '\n' + old.slice(start + 1, next < 0 ? undefined : next).trimEnd() + '\n';
  }
  return out;
}
