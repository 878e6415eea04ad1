// File modes as Ansible accepts them: '0644', '644', 0o644 (a number is the mode's value) or
// symbolic 'u=rw,g=r,o=r'. Symbolic modes are resolved against the current mode here, so the
// plan can compare them and stay idempotent.
import { ModuleFailure } from '../module.ts';

export type ModeSpec = string | number;

export const OCTAL_MODE_PATTERN = '^0?[0-7]{1,4}$';
const SYMBOLIC_CLAUSE = '[ugoa]*(?:[-+=](?:[ugo]|[rwxXst]*))+';

/** The JSON Schema of a `mode` argument, so a bad literal mode ('0999') fails at load time with its
 * location; templated modes are checked once rendered. */
export const modeSchema = {
  anyOf: [
    { type: 'integer', minimum: 0, maximum: 0o7777 },
    { type: 'string', pattern: OCTAL_MODE_PATTERN },
    { type: 'string', pattern: `^${SYMBOLIC_CLAUSE}(?:,${SYMBOLIC_CLAUSE})*$` },
  ],
};

/** '0644' for a 12-bit mode value. */
export function formatMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

export function isSymbolicMode(spec: ModeSpec): boolean {
  return typeof spec === 'string' && !/^[0-7]+$/.test(spec);
}

/** Validates a mode without knowing the current one (for early argument checks). */
export function checkModeSpec(spec: ModeSpec): void {
  resolveMode(spec, 0, false);
}

/** The octal mode ('0644') that `spec` yields on a file whose current mode is `current`. */
export function resolveMode(spec: ModeSpec, current: number, isDir: boolean): string {
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < 0 || spec > 0o7777) throw badMode(spec);
    return formatMode(spec);
  }
  if (/^[0-7]+$/.test(spec)) {
    const value = Number.parseInt(spec, 8);
    if (spec.length > 5 || value > 0o7777) throw badMode(spec);
    return formatMode(value);
  }
  return formatMode(applySymbolicMode(current, spec, isDir));
}

const CLASS_SHIFT = { u: 6, g: 3, o: 0 } as const;
type ModeClass = keyof typeof CLASS_SHIFT;

/** chmod(1) symbolic semantics: [ugoa]*([-+=]([rwxXst]*|[ugo]))+ clauses joined by commas. */
export function applySymbolicMode(current: number, spec: string, isDir: boolean): number {
  let mode = current & 0o7777;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)((?:[-+=](?:[ugo]|[rwxXst]*))+)$/.exec(clause);
    if (!m) throw badMode(spec);
    const who = m[1] === '' || m[1].includes('a') ? (['u', 'g', 'o'] as ModeClass[]) : ([...new Set(m[1])] as ModeClass[]);
    for (const action of m[2].match(/[-+=](?:[ugo]|[rwxXst]*)/g) ?? []) {
      const op = action[0];
      const perms = action.slice(1);
      const before = mode;
      for (const cls of who) {
        const bits = permBits(perms, cls, before, isDir);
        if (op === '=') mode = (mode & ~classMask(cls)) | bits;
        else if (op === '+') mode |= bits;
        else mode &= ~bits;
      }
    }
  }
  return mode;
}

function classMask(cls: ModeClass): number {
  const special = cls === 'u' ? 0o4000 : cls === 'g' ? 0o2000 : 0o1000;
  return (0o7 << CLASS_SHIFT[cls]) | special;
}

function permBits(perms: string, cls: ModeClass, current: number, isDir: boolean): number {
  if (/^[ugo]$/.test(perms)) return ((current >> CLASS_SHIFT[perms as ModeClass]) & 0o7) << CLASS_SHIFT[cls];
  let rwx = 0;
  let special = 0;
  for (const p of perms) {
    if (p === 'r') rwx |= 4;
    else if (p === 'w') rwx |= 2;
    else if (p === 'x') rwx |= 1;
    else if (p === 'X' && (isDir || (current & 0o111) !== 0)) rwx |= 1;
    else if (p === 's' && cls === 'u') special |= 0o4000;
    else if (p === 's' && cls === 'g') special |= 0o2000;
    else if (p === 't' && cls === 'o') special |= 0o1000;
  }
  return (rwx << CLASS_SHIFT[cls]) | special;
}

function badMode(spec: ModeSpec): ModuleFailure {
  return new ModuleFailure(`mode must be in octal or symbolic form, got '${String(spec)}'`);
}
