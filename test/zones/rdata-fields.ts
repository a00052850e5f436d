/** RDATA text split into fields as the zone parser passes them to rdataFromText (quoted strings keep their quotes). */
import { Lexer, T_EOF, T_EOL, T_QSTRING } from '../../src/zones/lexer.js';

export function fields(text: string): string[] {
  const lx = new Lexer(text);
  const out: string[] = [];
  for (let k = lx.next(); k !== T_EOF && k !== T_EOL; k = lx.next()) out.push(k === T_QSTRING ? `"${lx.text}"` : lx.text);
  return out;
}
