/** What a CLI subcommand produces, so subcommands stay testable without a process. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}
