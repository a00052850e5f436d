/** `zone ORIGIN/IN` as BIND names a zone in messages (no trailing dot). */
export function zoneLabel(origin: string): string {
  return `zone ${origin === '.' ? '.' : origin.replace(/\.$/, '')}/IN`;
}
