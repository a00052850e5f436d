/**
 * The lab's machines (fixtures/lab/machines.json): each one's name, role, MAC and how it
 * gets its address. 'static': configured on the machine (the DNS/DHCP server, which asks
 * the DHCP server only for options, RFC 2131 3.4 DHCPINFORM); 'reserved': a dhcpd.conf
 * `host` with `fixed-address`; 'dynamic': from a range. Pure: text in, machines out, a bad
 * file rejected with FILE:LINE:COL.
 */
import { readFileSync } from 'node:fs';
import { parseLocatedJson } from '../util/json-located.js';
import { ipFromString } from '../dhcp/ip.js';
import { macToBuffer } from './dhcp-client.js';

export type Assignment = 'static' | 'reserved' | 'dynamic';

export interface Machine {
  /** A host name label (RFC 1123 2.1): the machine's name in the lab's domain. */
  name: string;
  role: string;
  /** `aa:bb:cc:dd:ee:ff`, lower case. */
  mac: string;
  assignment: Assignment;
  /** The configured or reserved address; none for a dynamic machine. */
  address?: string;
}

export interface LabMachines {
  /** The lab's domain, without a trailing dot (`lab.local`). */
  domain: string;
  machines: Machine[];
}

const ASSIGNMENTS: readonly string[] = ['static', 'reserved', 'dynamic'];
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

export function parseMachines(text: string, file: string): LabMachines {
  const json = parseLocatedJson(text, file);
  const root = json.value as Record<string, unknown>;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw json.error([], 'expected an object with "domain" and "machines"');
  if (typeof root.domain !== 'string' || root.domain === '') throw json.error(root.domain === undefined ? [] : ['domain'], '"domain": expected the lab\'s domain name');
  if (!Array.isArray(root.machines)) throw json.error(root.machines === undefined ? [] : ['machines'], '"machines": expected an array');
  const names = new Set<string>();
  const macs = new Set<string>();
  const machines = root.machines.map((m: unknown, i: number): Machine => {
    const at = (...p: string[]) => ['machines', i, ...p];
    if (typeof m !== 'object' || m === null || Array.isArray(m)) throw json.error(at(), 'expected a machine object');
    const o = m as Record<string, unknown>;
    const text = (key: string): string => {
      const v = o[key];
      if (typeof v !== 'string' || v === '') throw json.error(v === undefined ? at() : at(key), `"${key}": expected a non-empty string`);
      return v;
    };
    const name = text('name');
    if (!HOST_LABEL.test(name)) throw json.error(at('name'), `"name": '${name}' is not a host name label`);
    if (names.has(name.toLowerCase())) throw json.error(at('name'), `"name": '${name}' is described twice`);
    names.add(name.toLowerCase());
    const mac = text('mac').toLowerCase();
    try {
      macToBuffer(mac);
    } catch {
      throw json.error(at('mac'), `"mac": '${mac}' is not a MAC address (aa:bb:cc:dd:ee:ff)`);
    }
    if (macs.has(mac)) throw json.error(at('mac'), `"mac": ${mac} is described twice`);
    macs.add(mac);
    const assignment = text('assignment');
    if (!ASSIGNMENTS.includes(assignment)) throw json.error(at('assignment'), `"assignment": expected one of ${ASSIGNMENTS.join(', ')}`);
    const machine: Machine = { name, role: text('role'), mac, assignment: assignment as Assignment };
    if (assignment === 'dynamic') {
      if (o.address !== undefined) throw json.error(at('address'), '"address": a dynamic machine gets its address from a range');
    } else {
      const address = text('address');
      try {
        ipFromString(address);
      } catch {
        throw json.error(at('address'), `"address": '${address}' is not an IPv4 address`);
      }
      machine.address = address;
    }
    return machine;
  });
  return { domain: root.domain.replace(/\.$/, ''), machines };
}

export function loadMachines(file: string): LabMachines {
  return parseMachines(readFileSync(file, 'utf8'), file);
}
