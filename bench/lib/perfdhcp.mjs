// perfdhcp (Kea 2.2) reports, for bench/dhcp.mjs and bench/soak/.

/** perfdhcp's final report: the "Statistics for:" blocks by exchange and the achieved rate. */
export function parsePerfdhcp(out) {
  const stages = {};
  for (const block of out.split('***Statistics for: ').slice(1)) {
    const name = block.slice(0, block.indexOf('***'));
    const num = (label) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(block)?.[1] ?? NaN);
    stages[name] = { sent: num('sent packets'), received: num('received packets'), drops: num('drops'), nonUnique: num('non unique addresses') };
  }
  const rate = Number(/Rate: ([\d.]+) 4-way/.exec(out)?.[1] ?? NaN);
  return { rate, stages };
}

/**
 * One periodic report line of `perfdhcp -t N` (counts since the start, one per exchange
 * kind in the order DISCOVER-OFFER, REQUEST-ACK, then renewals and releases when -f/-F
 * are given): `sent: 999/999/98/98; received: 999/996/98/0; drops: 0/3/0/98; rejected: ...`.
 * Undefined for any other line.
 */
export function parsePerfdhcpInterval(line) {
  const m = /^sent: ([\d/]+); received: ([\d/]+); drops: ([\d/]+)/.exec(line);
  if (!m) return undefined;
  const nums = (s) => s.split('/').map(Number);
  return { sent: nums(m[1]), received: nums(m[2]), drops: nums(m[3]) };
}
