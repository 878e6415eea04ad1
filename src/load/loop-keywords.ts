// loop / with_<lookup> / loop_control on a task or include -> the model's LoopKeywords.
import { InputError } from '../core/errors.ts';
import type { SourceLocation } from '../core/location.ts';
import type { LoopControl, LoopKeywords } from './model.ts';

/** The with_<name> lookups warren runs (src/run/loop-lookups.ts), as Ansible defines them. */
export const LOOP_LOOKUPS = [
  'items',
  'list',
  'dict',
  'sequence',
  'together',
  'nested',
  'cartesian',
  'subelements',
  'fileglob',
  'first_found',
  'indexed_items',
  'random_choice',
  'flattened',
] as const;

/** The loop keywords of `raw`, or throws when two loops are given. */
export function loopKeywordsOf(raw: Record<string, unknown>, loc: SourceLocation): LoopKeywords {
  const withKeys = Object.keys(raw).filter((k) => k.startsWith('with_'));
  const given = [...(raw.loop !== undefined ? ['loop'] : []), ...withKeys];
  if (given.length > 1) throw new InputError(`use one loop per task, not ${given.map((k) => `'${k}'`).join(' and ')}`, loc);
  const out: LoopKeywords = {};
  if (raw.loop !== undefined) out.loop = raw.loop;
  else if (withKeys.length) out.loopLookup = { name: withKeys[0]!.slice('with_'.length), terms: raw[withKeys[0]!] };
  if (raw.loop_control) out.loop_control = raw.loop_control as LoopControl;
  return out;
}
