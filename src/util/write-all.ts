/**
 * Writing every byte of a buffer, or failing. write(2) may write part of a buffer (a disk
 * almost full, a signal) and report the error only on the next call; Node's FileHandle.write
 * and fs.writeSync return that short count without throwing. Journals that acknowledge a
 * record once it is written must loop until it all is (test/interop/dhcp-disk-full.test.ts
 * found a lease ACKed with half its record on disk).
 */
import { writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

const stalled = () => Object.assign(new Error('write made no progress'), { code: 'EIO' });

/** Appends (or writes at the handle's position) all of `data`. */
export async function writeAll(fh: FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off);
    if (bytesWritten <= 0) throw stalled();
    off += bytesWritten;
  }
}

export type WriteSync = (fd: number, data: Buffer, offset: number, length: number, position: number | null) => number;

/**
 * Writes all of `data` at file offset `position`, or, with `position` null, at the
 * descriptor's own position (the end, for one opened O_APPEND). `write` defaults to fs.writeSync.
 */
export function writeAllSync(fd: number, data: Buffer, position: number | null, write: WriteSync = writeSync): void {
  let off = 0;
  while (off < data.length) {
    const n = write(fd, data, off, data.length - off, position === null ? null : position + off);
    if (n <= 0) throw stalled();
    off += n;
  }
}
