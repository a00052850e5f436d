/** RDATA text split into fields as the zone parser passes them to rdataFromText (quoted strings keep their quotes). */
import { Lexer, T_EOF, T_EOL, T_QSTRING } from '../../src/zones/lexer.js';
import { rdataFromText, RdataError } from '../../src/wire/rdata.js';
import { typeFromText } from '../../src/wire/rrtypes.js';

export function fields(text: string): string[] {
  const lx = new Lexer(text);
  const out: string[] = [];
  for (let k = lx.next(); k !== T_EOF && k !== T_EOL; k = lx.next()) out.push(k === T_QSTRING ? `"${lx.text}"` : lx.text);
  return out;
}

/** The wire RDATA of `text` for the type named `type`, origin example. */
export const wireOf = (type: string, text: string): Buffer => rdataFromText(typeFromText(type)!, fields(text), 'example.');

/** The RdataError (message, field) `text` gets for `type`, or ['accepted', -1]. */
export function errorOf(type: string, text: string): [string, number] {
  try {
    wireOf(type, text);
  } catch (e) {
    if (e instanceof RdataError) return [e.message, e.field];
    throw e;
  }
  return ['accepted', -1];
}
