/**
 * The `labnet` command as `npm ci` installs it, in a temporary folder: src/ compiled to
 * dist/ (TypeScript's transpileModule, one file at a time: the type check is tsc's job, not
 * this one's), bin/labnet.js, package.json and fixtures/lab copied, node_modules linked. A
 * test then runs `node TMP/bin/labnet.js ...` exactly as a user runs `npx labnet`, from the
 * current sources and without writing into the working tree.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { tmpTree, type TmpTree } from '../util/tmp-tree.js';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

export interface BuiltCli {
  /** The package folder. */
  root: string;
  /** TMP/bin/labnet.js */
  bin: string;
  tree: TmpTree;
}

export function buildCli(): BuiltCli {
  const tree = tmpTree('labnet-built-');
  const pkg = join(tree.dir, 'package');
  for (const file of sources(join(ROOT, 'src'))) {
    const out = join(pkg, 'dist', relative(join(ROOT, 'src'), file)).replace(/\.ts$/, '.js');
    const js = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, esModuleInterop: true, verbatimModuleSyntax: false },
    }).outputText;
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, js);
  }
  cpSync(join(ROOT, 'bin'), join(pkg, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'fixtures', 'lab'), join(pkg, 'fixtures', 'lab'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  return { root: pkg, bin: join(pkg, 'bin', 'labnet.js'), tree };
}
