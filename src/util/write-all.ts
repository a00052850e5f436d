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

/** Writes all of `data` at file offset `position`. */
export function writeAllSync(fd: number, data: Buffer, position: number): void {
  let off = 0;
  while (off < data.length) {
    const n = writeSync(fd, data, off, data.length - off, position + off);
    if (n <= 0) throw stalled();
    off += n;
  }
}
