/** A problem found in a content file, at the line and column an editor has to open. */
export interface EntryProblem {
  line: number;
  col: number;
  code: string;
  message: string;
  fix: string;
}

export interface FileProblem extends EntryProblem {
  file: string;
  severity: 'error' | 'warning';
}

/** `file:line:col: severity code: message (fix: ...)`, as kb:check and start-up errors print it. */
export const formatProblem = (p: FileProblem): string =>
  `${p.file}:${p.line}:${p.col}: ${p.severity} ${p.code}: ${p.message} (fix: ${p.fix})`;
