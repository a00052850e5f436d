#!/usr/bin/env node
// Entry point of the `labnet` command: the compiled CLI lives in dist/ (built by `npm ci` via `prepare`).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { process.stderr.write(`labnet: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 1; },
);
