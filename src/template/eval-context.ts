// What an expression sees while it is evaluated: the variables in scope and the services that
// lookups need (rendering a template file for `lookup('template')`).

export type Scope = Record<string, unknown>;

export interface EvalContext {
  scope: Scope;
  /** Renders a Jinja template file with the given scope (lookup('template')). */
  renderFile?: (path: string, scope: Scope) => string;
}
