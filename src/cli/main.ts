/**
 * The `labnet` command line (../shared/GUIDE.md section 2). Each subcommand lives in its
 * own module; this file only dispatches.
 */
export const USAGE = `usage:
  labnet up [--dns HOST:PORT] [--dhcp HOST:PORT] [--state DIR]
  labnet serve [--named-conf FILE] [--zone ORIGIN=FILE]... [--dns HOST:PORT]
               [--dhcpd-conf FILE] [--dhcp HOST:PORT] [--interface NAME] [--leases FILE]
  labnet check-zone ZONE FILE [--dump]
  labnet check-conf FILE
  labnet leases [--leases FILE] [--json]
  labnet bench dns|dhcp|all
`;

export async function main(argv: string[]): Promise<number> {
  const [cmd] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(USAGE);
    return cmd ? 0 : 1;
  }
  process.stderr.write(`labnet: unknown command '${cmd}'\n${USAGE}`);
  return 1;
}
