// An error raised inside a helper, carrying the helper call's position in the template so the
// engine can report file:line like it does for Handlebars' own errors.

export interface TemplatePosition {
  line: number; // 1-based
  column: number; // 0-based, as Handlebars counts
}

export class HelperError extends Error {
  constructor(
    message: string,
    readonly position?: TemplatePosition,
  ) {
    super(message);
    this.name = 'HelperError';
  }
}

/** Handlebars passes `options.loc = { start: { line, column } }` to every helper call. */
export function positionOf(options: unknown): TemplatePosition | undefined {
  const loc = (options as { loc?: { start?: TemplatePosition } } | undefined)?.loc;
  return loc?.start ? { line: loc.start.line, column: loc.start.column } : undefined;
}
