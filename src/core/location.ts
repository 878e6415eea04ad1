/** Where a value came from: every loaded node keeps one so errors can name file:line:col. */
export interface SourceLocation {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}
