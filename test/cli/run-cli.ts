// Runs the labnet CLI from its TypeScript sources (for tests that need a real process).
import { main } from '../../src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`labnet: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
