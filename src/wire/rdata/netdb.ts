/**
 * The host's protocol and service names, as BIND 9.18's WKS reader gets them through
 * getprotobyname(3) and getservbyname(3) (glibc's "files" source: /etc/protocols and
 * /etc/services, services(5), protocols(5)): a name or alias matches exactly (case counts),
 * a service with its protocol when one is given, else the first in the file. The tables are
 * read once, on first use; `setNetdb` puts others in their place (tests).
 */
import { readFileSync } from 'node:fs';

export interface ServiceEntry {
  readonly names: readonly string[];
  readonly port: number;
  readonly proto: string;
}

export interface Netdb {
  readonly protocols: ReadonlyMap<string, number>;
  readonly services: readonly ServiceEntry[];
}

function lines(text: string): string[][] {
  return text.split('\n').map((l) => l.replace(/#.*/, '').trim().split(/\s+/)).filter((w) => w[0] !== '');
}

/** protocols(5): `name number [aliases...]`. */
export function parseProtocols(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, num, ...aliases] of lines(text)) {
    if (!/^\d+$/.test(num ?? '')) continue;
    for (const n of [name, ...aliases]) if (!out.has(n)) out.set(n, Number(num));
  }
  return out;
}

/** services(5): `name port/protocol [aliases...]`. */
export function parseServices(text: string): ServiceEntry[] {
  const out: ServiceEntry[] = [];
  for (const [name, pp, ...aliases] of lines(text)) {
    const m = /^(\d+)\/(\S+)$/.exec(pp ?? '');
    if (m) out.push({ names: [name, ...aliases], port: Number(m[1]), proto: m[2] });
  }
  return out;
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

let current: Netdb | undefined;

function netdb(): Netdb {
  current ??= { protocols: parseProtocols(readOr('/etc/protocols')), services: parseServices(readOr('/etc/services')) };
  return current;
}

/** Replaces the tables (undefined: the host's again, read on next use). */
export function setNetdb(db: Netdb | undefined): void {
  current = db;
}

/** getprotobyname(name)->p_proto. */
export function protocolByName(name: string): number | undefined {
  return netdb().protocols.get(name);
}

/** getservbyname(name, proto)->s_port. */
export function serviceByName(name: string, proto: string | undefined): number | undefined {
  return netdb().services.find((s) => (proto === undefined || s.proto === proto) && s.names.includes(name))?.port;
}
