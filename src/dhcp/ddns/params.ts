/**
 * The DDNS parameters of a lease's scope, read from the parsed dhcpd.conf (ScopeParams: the
 * ddns-* statements as text, the update flags as server-option settings, `allow|deny|ignore
 * client-updates` as a permit) with dhcpd 4.4's defaults (dhcpd.conf(5) "REFERENCE:
 * PARAMETERS"). Pure.
 */
import type { ScopeParams } from '../types.js';
import type { DdnsParams } from './policy.js';

const TRUE = new Set(['true', 'on', 'yes', '1']);
const FALSE = new Set(['false', 'off', 'no', '0']);

function flag(p: ScopeParams, name: string, dflt: boolean): boolean {
  const v = (p.settings?.get(name) ?? p.ddns.get(name))?.toLowerCase();
  if (v === undefined) return dflt;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return dflt;
}

/** `ddns-update-style` of the global scope (dhcpd reads it once, there only). */
export function ddnsStyle(global: ScopeParams): DdnsParams['style'] {
  const v = global.ddns.get('ddns-update-style')?.toLowerCase();
  return v === 'standard' || v === 'interim' ? v : 'none';
}

function text(p: ScopeParams, code: number): string | undefined {
  const b = p.options.get(code);
  if (b === undefined) return undefined;
  return b.toString('latin1').replace(/\0+$/, '') || undefined;
}

function clientUpdates(p: ScopeParams): DdnsParams['clientUpdates'] {
  const permit = p.permits.get('client-updates');
  if (permit !== undefined) return permit;
  const v = p.settings?.get('client-updates')?.toLowerCase();
  return v !== undefined && FALSE.has(v) ? 'deny' : 'allow';
}

export function ddnsParams(global: ScopeParams, p: ScopeParams): DdnsParams {
  const ttl = p.ddns.get('ddns-ttl');
  return {
    style: ddnsStyle(global),
    updates: flag(p, 'ddns-updates', true),
    hostname: p.ddns.get('ddns-hostname'),
    domainname: p.ddns.get('ddns-domainname'),
    revDomainname: p.ddns.get('ddns-rev-domainname'),
    ttl: ttl !== undefined && /^\d+$/.test(ttl) ? Number(ttl) : undefined,
    clientUpdates: clientUpdates(p),
    doForwardUpdates: flag(p, 'do-forward-updates', true),
    doReverseUpdates: flag(p, 'do-reverse-updates', true),
    updateStaticLeases: flag(p, 'update-static-leases', false),
    updateOptimization: flag(p, 'update-optimization', true),
    conflictDetection: flag(p, 'update-conflict-detection', true),
    guardIdMustMatch: flag(global, 'ddns-guard-id-must-match', true),
    fqdnReply: flag(p, 'fqdn-reply', true),
    configHostName: text(p, 12),
    configDomainName: text(p, 15),
  };
}
