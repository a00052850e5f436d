/** SINK (draft-eastlake-kitchen-sink 2): meaning, coding, subcoding, then data in base64 (may be empty). */
import type { RdataCodec } from '../codec.js';
import { parseUint, fieldAt, parseBase64Fields, base64ToText } from '../text.js';

export const sink: RdataCodec = {
  type: 40,
  fromText(fields) {
    const head = [0, 1, 2].map((i) => parseUint(fieldAt(fields, i), 0xff, i));
    const data = fields.length > 3 ? parseBase64Fields(fields, 3) : Buffer.alloc(0);
    return Buffer.concat([Buffer.from(head), data]);
  },
  toText(b) {
    if (b.length < 3) return undefined;
    return `${b[0]} ${b[1]} ${b[2]}` + (b.length > 3 ? ' ' + base64ToText(b, 3, b.length) : '');
  },
};
