/** A variables mapping: play vars, host vars, facts, module arguments after templating. */
export type Vars = Record<string, unknown>;
