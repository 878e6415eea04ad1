// Keywords that may be templates, rendered when they are needed, as Ansible does: retries/delay
// and remote_user per host; serial and max_fail_percentage once per play with the play's vars.
import type { Play } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import type { SourceLocation } from '../core/location.ts';
import { InputError } from '../core/errors.ts';
import { mergeVars } from '../vars/precedence.ts';
import type { PlayContext, RunContext } from './run-context.ts';
import { hostOnlyVars } from './vars-for-task.ts';

/** A whole number (or, with `fractional`, seconds like 0.5) from a literal or a rendered template. */
export function renderCount(rc: RunContext, value: number | string, vars: Vars, where: SourceLocation, key: string, fractional = false): number {
  const rendered = typeof value === 'number' ? value : rc.engine.renderString(value, vars, where);
  const n = typeof rendered === 'number' ? rendered : Number(String(rendered).trim());
  if (!Number.isFinite(n) || n < 0 || (!fractional && !Number.isInteger(n))) {
    throw new InputError(`'${key}' must be ${fractional ? 'a number of seconds' : 'a whole number'}, got ${JSON.stringify(rendered)}`, where);
  }
  return n;
}

/** Vars a play-level keyword renders with: play vars, vars_files, extra vars (no host). */
function playLevelVars(rc: RunContext, play: Play, varsFilesVars: Vars): Vars {
  const merged = mergeVars({ playVars: play.vars, varsFiles: varsFilesVars, extraVars: rc.options.extraVars });
  return { ...merged, groups: rc.groups, playbook_dir: rc.playbook.dir };
}

function renderPlayValue(rc: RunContext, play: Play, varsFilesVars: Vars, value: number | string): unknown {
  return typeof value === 'string' && /\{[{%]/.test(value) ? rc.engine.renderString(value, playLevelVars(rc, play, varsFilesVars), play.loc) : value;
}

/** The play's banner name: rendered with the play's vars and extra vars as Ansible does, else as written. */
export function shownPlayName(rc: RunContext, play: Play, varsFilesVars: Vars): string {
  if (!play.name_templated) return play.name;
  try {
    return String(rc.engine.renderString(play.name, playLevelVars(rc, play, varsFilesVars), play.loc));
  } catch {
    return play.name;
  }
}

/** `serial` with its templates rendered; each entry must give a number or 'NN%'. */
export function resolvedSerial(rc: RunContext, play: Play, varsFilesVars: Vars): Array<number | string> | undefined {
  return play.serial?.map((entry) => {
    const v = renderPlayValue(rc, play, varsFilesVars, entry);
    if (typeof v === 'number' && v >= 0) return v;
    const text = String(v).trim();
    if (/^\d+$/.test(text)) return Number(text);
    if (/^\d+(\.\d+)?%$/.test(text)) return text;
    throw new InputError(`'serial' must render to a number or a percentage like '30%', got ${JSON.stringify(v)}`, play.loc);
  });
}

/** `max_fail_percentage` with its template rendered (0..100). */
export function resolvedMaxFail(rc: RunContext, play: Play, varsFilesVars: Vars): number | undefined {
  if (play.max_fail_percentage === undefined) return undefined;
  const v = renderPlayValue(rc, play, varsFilesVars, play.max_fail_percentage);
  const n = Number(String(v).trim().replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0 || n > 100)
    throw new InputError(`'max_fail_percentage' must render to a number from 0 to 100, got ${JSON.stringify(v)}`, play.loc);
  return n;
}

/** remote_user for one host (the task's or block's, else the play's), rendered with that host's vars. */
export function remoteUserFor(pc: PlayContext, host: string, inh?: { remote_user?: string }): string | undefined {
  const raw = inh?.remote_user ?? pc.play.remote_user;
  if (raw === undefined) return undefined;
  return /\{[{%]/.test(raw) ? String(pc.run.engine.renderString(raw, hostOnlyVars(pc, host), pc.play.loc)) : raw;
}
