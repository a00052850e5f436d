/** The registry of per-type RDATA codecs (see ../codec.ts). One line per module. */
import type { RdataCodec } from '../codec.js';
import { caa } from './caa.js';
import { eui48, eui64 } from './eui.js';
import { nsap } from './nsap.js';
import { cert } from './cert.js';
import { ipseckey } from './ipseckey.js';
import { hip } from './hip.js';
import { a6 } from './a6.js';
import { amtrelay } from './amtrelay.js';
import { doa } from './doa.js';
import { atma } from './atma.js';
import { nullRR, uinfo, uid, gid, unspec } from './null.js';
import { sink } from './sink.js';
import { nid, l64 } from './locator64.js';
import { nxt } from './nxt.js';
import { x25, isdn } from './x25.js';
import { dsync } from './dsync.js';
import { key, dnskey, cdnskey, rkey } from './key.js';
import { keydata } from './keydata.js';
import { sig, rrsig } from './sig.js';
import { nsec } from './nsec.js';
import { nsec3, nsec3param } from './nsec3.js';
import { zonemd } from './zonemd.js';
import { csync } from './csync.js';
import { svcb, https } from './svcb.js';
import { loc } from './loc.js';
import { apl } from './apl.js';
import { wks } from './wks.js';

const ALL: readonly RdataCodec[] = [
  caa, eui48, eui64, nsap, cert, ipseckey, hip, a6, amtrelay, doa, atma, nullRR, sink, nid, l64, nxt, x25, isdn, dsync,
  uinfo, uid, gid, unspec, key, dnskey, cdnskey, rkey, keydata, sig,
  rrsig, nsec, nsec3, nsec3param, zonemd, csync,
  svcb, https, loc, apl, wks,
];

export const CODECS: ReadonlyMap<number, RdataCodec> = new Map(ALL.map((c) => [c.type, c]));
