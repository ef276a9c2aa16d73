/** Raised at start-up when configuration is invalid; the message names every bad variable and its fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly { variable: string; problem: string; fix: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.problem} (fix: ${p.fix})`).join('\n')}`,
    );
  }
}

/** A content file could not be loaded; carries the file and line so an editor can find the fault. */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}:${line}: ${detail}`, options);
  }
}
