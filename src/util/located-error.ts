/**
 * An error in a configuration or zone file, located as `FILE:LINE:COL: message`.
 * Every parser in labnet throws (or collects) these; the CLI prints `format()` and exits 1,
 * never a stack trace.
 */
export class LocatedError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
    readonly col: number,
    /** The offending token, as written in the file, when there is one. */
    readonly token?: string,
  ) {
    super(message);
    this.name = 'LocatedError';
  }

  /** `FILE:LINE:COL: message` — the single line the CLI prints. */
  format(): string {
    return `${this.file}:${this.line}:${this.col}: ${this.message}`;
  }
}

export function isLocatedError(e: unknown): e is LocatedError {
  return e instanceof LocatedError;
}
