/** A temporary folder (mkdtemp under os.tmpdir()) tests write files into by relative path. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TmpTree {
  dir: string;
  /** Writes `text` at `rel` (folders made as needed); returns the absolute path. */
  write(rel: string, text: string): string;
  remove(): void;
}

export function tmpTree(prefix: string): TmpTree {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(rel, text) {
      const p = join(dir, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, text);
      return p;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
