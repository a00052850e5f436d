/**
 * From raw readings to soak samples. Pure: each sample is derived from two consecutive raw
 * readings (the counters' differences over the interval between them).
 *
 * A raw reading holds what the sampler read at one moment: the server's VmRSS, its /metrics
 * text (labnet_event_loop_delay_seconds since the previous scrape, the sockets' kernel drop
 * counters, DNS UPDATEs answered, active leases), the dnsperf interval rates printed since the
 * previous reading (`dnsperf -S`: answers per second), perfdhcp's latest periodic report
 * (`perfdhcp -t`: counts since its start), the kernel's UDP RcvbufErrors, the journals' sizes
 * and the UPDATEs sent so far.
 */

/** One sample of a Prometheus text: the value of `name` with exactly these labels (undefined when absent). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const head = want ? `${name}{${want}} ` : `${name} `;
  for (const line of text.split('\n')) if (line.startsWith(head)) return Number(line.slice(head.length));
  return undefined;
}

/** A `dnsperf -S` line: `EPOCH.USEC: RATE` (answers per second over the interval). */
export function parseDnsperfInterval(line: string): number | undefined {
  const m = /^\d+\.\d+: ([\d.]+)$/.exec(line.trim());
  return m ? Number(m[1]) : undefined;
}

export interface PerfdhcpCounts {
  /** Per exchange kind: DISCOVER-OFFER, REQUEST-ACK, renewal REQUEST-ACK, RELEASE. */
  sent: number[];
  received: number[];
}

export interface RawReading {
  /** Seconds since the soak started. */
  t: number;
  rssKiB: number;
  metrics: string;
  dnsRates: number[];
  perfdhcp?: PerfdhcpCounts;
  rcvbufErrors: number;
  zoneJournalBytes: number;
  leaseFileBytes: number;
  updatesSent: number;
}

export interface SoakSample {
  t: number;
  rssMiB: number;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  dnsAnswersPerSecond: number;
  /** Offered queries not answered in the interval, % of the offered rate (dnsperf -Q). */
  dnsShortfallPct: number;
  dnsSocketDropsPerSecond: number;
  dhcpDiscoversPerSecond: number;
  /** DISCOVERs of the interval without an ACK, %. */
  dhcpLossPct: number;
  dhcpRenewalsPerSecond: number;
  dhcpSocketDropsPerSecond: number;
  activeLeases: number;
  updatesSentPerSecond: number;
  updatesAnsweredPerSecond: number;
  rcvbufErrorsPerSecond: number;
  zoneJournalKiB: number;
  leaseFileKiB: number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

function updatesAnswered(metrics: string): number {
  let n = 0;
  for (const line of metrics.split('\n')) if (line.startsWith('labnet_dns_updates_total{')) n += Number(line.slice(line.lastIndexOf(' ') + 1));
  return n;
}

/** `prev` to `cur`; `offeredQps`: the rate dnsperf was asked for. */
export function deriveSample(prev: RawReading, cur: RawReading, offeredQps: number): SoakSample {
  const dt = cur.t - prev.t;
  const per = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? NaN : (b - a) / dt);
  const m = (r: RawReading, name: string, labels?: Record<string, string>) => metricValue(r.metrics, name, labels);
  const delay = (q: string) => (m(cur, 'labnet_event_loop_delay_seconds', { quantile: q }) ?? NaN) * 1000;
  const answers = mean(cur.dnsRates);
  const d = (i: number, k: keyof PerfdhcpCounts) => (cur.perfdhcp && prev.perfdhcp ? (cur.perfdhcp[k][i] ?? 0) - (prev.perfdhcp[k][i] ?? 0) : NaN);
  const discovers = d(0, 'sent');
  const acks = d(1, 'received');
  return {
    t: cur.t,
    rssMiB: cur.rssKiB / 1024,
    loopDelayP50Ms: delay('0.5'),
    loopDelayP99Ms: delay('0.99'),
    loopDelayMaxMs: delay('1'),
    dnsAnswersPerSecond: answers,
    dnsShortfallPct: 100 * (1 - answers / offeredQps),
    dnsSocketDropsPerSecond: per(m(prev, 'labnet_udp_receive_drops', { socket: 'dns' }), m(cur, 'labnet_udp_receive_drops', { socket: 'dns' })),
    dhcpDiscoversPerSecond: discovers / dt,
    dhcpLossPct: discovers > 0 ? 100 * (1 - acks / discovers) : NaN,
    dhcpRenewalsPerSecond: d(2, 'sent') / dt,
    dhcpSocketDropsPerSecond: per(m(prev, 'labnet_udp_receive_drops', { socket: 'dhcp' }), m(cur, 'labnet_udp_receive_drops', { socket: 'dhcp' })),
    activeLeases: m(cur, 'labnet_dhcp_leases', { state: 'active' }) ?? NaN,
    updatesSentPerSecond: (cur.updatesSent - prev.updatesSent) / dt,
    updatesAnsweredPerSecond: (updatesAnswered(cur.metrics) - updatesAnswered(prev.metrics)) / dt,
    rcvbufErrorsPerSecond: (cur.rcvbufErrors - prev.rcvbufErrors) / dt,
    zoneJournalKiB: cur.zoneJournalBytes / 1024,
    leaseFileKiB: cur.leaseFileBytes / 1024,
  };
}
