/**
 * The control endpoint's token, read from a file (`--control-token-file FILE`, for the
 * daemon and for the client commands): a token on the command line would show in `ps`.
 * The file's first line, without surrounding white space; at least 16 characters of
 * RFC 6750 2.1's b64token alphabet.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../util/endpoint.js';

export function readControlToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--control-token-file: ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const token = (text.split('\n')[0] ?? '').trim();
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token) || token.length < 16) {
    throw new UsageError(`--control-token-file: ${file}: expected a token of at least 16 characters (letters, digits, -._~+/) on the first line`);
  }
  return token;
}
