// Small pieces shared by helper files: the helper signature and splitting Handlebars' trailing
// `options` argument off the positional ones.
import type { HelperOptions } from 'handlebars';

export type Helper = (this: unknown, ...args: unknown[]) => unknown;
export type HelperTable = Record<string, Helper>;

export interface SplitArgs {
  params: unknown[];
  options: HelperOptions;
}

export function splitArgs(args: unknown[]): SplitArgs {
  return { params: args.slice(0, -1), options: args[args.length - 1] as HelperOptions };
}

/** The template's root vars (Handlebars keeps them as @root). */
export function rootVars(options: HelperOptions): Record<string, unknown> {
  return ((options.data as { root?: Record<string, unknown> } | undefined)?.root ?? {}) as Record<string, unknown>;
}
