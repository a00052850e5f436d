/**
 * A zone file read in pieces for the lexer (lexer.ts `refill`): the file is never held whole,
 * only the piece being read (up to PIECE bytes, latin1: one char per byte, as BIND reads
 * bytes). A zone of a million records is 22 MB of text that, read at once, stays in memory
 * until a full collection reaches it, well after the zone is built. Pieces end after a line
 * end when they hold one, so that the lexer rarely has to join two. Small pieces die young:
 * measured on a 1,000,003-record zone (`labnet serve`, RSS once it answers), the whole file
 * at once 163 MB, pieces of 2 MB (strings outside the heap, freed late) 171 MB, 64 KB 147 MB,
 * 16 KB 142 MB.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const PIECE = 1 << 14;

export interface ZoneText {
  /** The first piece ('' for an empty file). */
  readonly first: string;
  /** The file's size in bytes. */
  readonly size: number;
  /** The next piece, undefined at the end (the file is closed then). */
  next(): string | undefined;
  /** Closes the file early (after an error). */
  close(): void;
}

/** Opens `path` and reads its first piece; throws what open or read throws (ENOENT, EISDIR...). */
export function openZoneText(path: string): ZoneText {
  const fd = openSync(path, 'r');
  let open = true;
  const buf = Buffer.allocUnsafe(PIECE);
  let held = 0; // bytes after the last piece's end, read but not yet given
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  const read = (): string | undefined => {
    while (open && held < PIECE) {
      const n = readSync(fd, buf, held, PIECE - held, null);
      if (n === 0) {
        close();
        break;
      }
      held += n;
    }
    if (held === 0) return undefined;
    // Up to the last line end, unless the file ended or no line end is there.
    let cut = held;
    if (open) {
      const lf = buf.lastIndexOf(0x0a, held - 1);
      if (lf >= 0) cut = lf + 1;
    }
    const piece = buf.toString('latin1', 0, cut);
    buf.copy(buf, 0, cut, held);
    held -= cut;
    return piece;
  };
  try {
    const size = fstatSync(fd).size;
    const first = read() ?? '';
    return { first, size, next: read, close };
  } catch (e) {
    close();
    throw e;
  }
}
