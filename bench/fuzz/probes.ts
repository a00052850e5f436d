/**
 * What a campaign checks afterwards: the lab's known answers (fixtures/lab/direct and
 * inverse, as BIND serves them - the interop suite's names), over UDP and TCP, and a DHCP
 * DORA for a reserved host (fixtures/lab/dhcpd.conf: esxi01 -> 192.168.244.131) and for a
 * dynamic client (booted before the campaign and again after it: the same address). Each probe gives a comparable summary: the RCODE and the sorted records
 * of each section, so the same server before and after a campaign can be compared as well.
 */
import type dnsPacket from 'dns-packet';
import { queryDns } from '../../src/dns/client.js';
import { createDhcpClient } from '../../src/lab/dhcp-client.js';

export const LAB_PROBES: { name: string; type: string; expect: RegExp }[] = [
  { name: 'vcenter.lab.local', type: 'A', expect: /NOERROR an:vcenter\.lab\.local A 192\.168\.244\.135/ },
  { name: 'www.lab.local', type: 'A', expect: /an:vcenter\.lab\.local A 192\.168\.244\.135 \| www\.lab\.local CNAME vcenter\.lab\.local/ },
  { name: 'kubeflow.lab.local', type: 'A', expect: /jupyter\.lab\.local A 192\.168\.244\.140/ },
  { name: '135.244.168.192.in-addr.arpa', type: 'PTR', expect: /NOERROR an:135\.244\.168\.192\.in-addr\.arpa PTR vcenter\.lab\.local/ },
  { name: 'lab.local', type: 'SOA', expect: /an:lab\.local SOA ns\.lab\.local\/root\.lab\.local\/3 / },
  { name: 'lab.local', type: 'MX', expect: /an:lab\.local MX 10 mail\.lab\.local/ },
  { name: '_ldap._tcp.lab.local', type: 'SRV', expect: /SRV 0 100 389 vcenter\.lab\.local/ },
  { name: 'nope.lab.local', type: 'A', expect: /^NXDOMAIN an: au:lab\.local SOA/ },
  { name: 'esxi01.lab.local', type: 'AAAA', expect: /^NOERROR an: au:lab\.local SOA/ },
  { name: 'example.com', type: 'A', expect: /^REFUSED/ },
];

function rdata(r: dnsPacket.Answer): string {
  const d = (r as { data?: unknown }).data;
  if (r.type === 'MX') return `${(d as { preference: number }).preference} ${(d as { exchange: string }).exchange}`;
  if (r.type === 'SRV') {
    const s = d as { priority: number; weight: number; port: number; target: string };
    return `${s.priority} ${s.weight} ${s.port} ${s.target}`;
  }
  if (r.type === 'SOA') {
    const s = d as { mname: string; rname: string; serial: number };
    return `${s.mname}/${s.rname}/${s.serial}`;
  }
  return Buffer.isBuffer(d) ? d.toString('hex') : Array.isArray(d) ? d.map(String).join(' ') : String(d);
}

export function summary(p: dnsPacket.Packet): string {
  const sec = (rs: dnsPacket.Answer[] | undefined) => (rs ?? []).filter((r) => r.type !== 'OPT').map((r) => `${r.name} ${r.type} ${rdata(r)}`).sort().join(' | ');
  return `${(p as { rcode?: string }).rcode} an:${sec(p.answers)} au:${sec(p.authorities)} ad:${sec(p.additionals)}`;
}

/** Every lab probe over UDP and TCP: their summaries, and those not matching the lab's answer. */
export async function probeDns(port: number): Promise<{ summaries: string[]; wrong: string[] }> {
  const summaries: string[] = [];
  const wrong: string[] = [];
  for (const tcp of [false, true]) {
    for (const p of LAB_PROBES) {
      let s: string;
      try {
        s = summary(await queryDns({ address: '127.0.0.1', port }, p.name, p.type, { tcp, timeoutMs: 3000 }));
      } catch (e) {
        s = `no answer: ${(e as Error).message}`;
      }
      summaries.push(`${tcp ? 'tcp' : 'udp'} ${p.name} ${p.type}: ${s}`);
      if (!p.expect.test(s)) wrong.push(`${tcp ? 'tcp' : 'udp'} ${p.name} ${p.type}: ${s}`);
    }
  }
  return { summaries, wrong };
}

/** DORA for the reserved esxi01 and for a dynamic MAC: the addresses got (or the error). A second call gives the same addresses. */
export async function probeDhcp(port: number, dynamicMac = '02:00:5e:00:53:01'): Promise<{ reserved: string; dynamic: string }> {
  const dora = async (mac: string) => {
    const c = createDhcpClient({ server: { address: '127.0.0.1', port }, mac, timeoutMs: 1000, tries: 3 });
    try {
      return (await c.boot()).ip;
    } catch (e) {
      return `failed: ${(e as Error).message}`;
    } finally {
      await c.close();
    }
  };
  return { reserved: await dora('00:0c:29:aa:bb:01'), dynamic: await dora(dynamicMac) };
}

/** Whether `ip` is in the lab's dynamic range 192.168.244.150-250. */
export function inLabRange(ip: string): boolean {
  const m = /^192\.168\.244\.(\d+)$/.exec(ip);
  return m !== null && Number(m[1]) >= 150 && Number(m[1]) <= 250;
}
