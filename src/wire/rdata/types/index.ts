/** The registry of per-type RDATA codecs (see ../codec.ts). One line per module. */
import type { RdataCodec } from '../codec.js';
import { caa } from './caa.js';

const ALL: readonly RdataCodec[] = [caa];

export const CODECS: ReadonlyMap<number, RdataCodec> = new Map(ALL.map((c) => [c.type, c]));
