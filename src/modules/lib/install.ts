// Atomic file installation: upload to a temp file beside the destination, then in ONE exec set
// owner/group/mode, validate, back up, and rename over the destination. A failed validation
// removes the temp file and leaves the old file untouched.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import { UnreachableError } from '../../core/errors.ts';
import type { ModuleContext } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import type { ModeSpec } from './mode.ts';
import { resolveMode } from './mode.ts';
import { attributesCommand } from './attributes.ts';
import type { PathInfo } from './path-info.ts';
import { parsePathInfo, pathInfoScript } from './path-info.ts';

export interface InstallOptions {
  mode?: ModeSpec;
  owner?: string;
  group?: string;
  /** Command with %s, run on the temp file before it replaces dest (e.g. 'visudo -cf %s'). */
  validate?: string;
  /** Keep the old file as dest.YYYY-MM-DD@HH:MM:SS~ (cp -p), like Ansible's backup: yes. */
  backup?: boolean;
}

const EXIT = { attributes: 71, validate: 72, backup: 73, rename: 74 } as const;

export function checkValidateCommand(validate: string | undefined): void {
  if (validate !== undefined && !validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${validate}`);
}

const TEMP_INFIX = '.warren-';

export function tempPathFor(dest: string): string {
  return posix.join(posix.dirname(dest), `.${posix.basename(dest)}${TEMP_INFIX}${randomBytes(6).toString('hex')}`);
}

/** Removes temp files an earlier upload of dest left when its connection dropped. Only those
 * untouched for over a minute: a concurrent upload of the same dest keeps writing its own. */
function staleTempsCommand(dest: string): string {
  const dir = shellQuote(posix.dirname(dest));
  const name = shellQuote(`.${posix.basename(dest)}${TEMP_INFIX}${'[0-9a-f]'.repeat(12)}`);
  return `find ${dir} -maxdepth 1 -type f -name ${name} -mmin +1 -exec rm -f -- {} + 2>/dev/null || true`;
}

export function installScript(temp: string, dest: string, opts: InstallOptions): string {
  const t = shellQuote(temp);
  const d = shellQuote(dest);
  const final = opts.mode === undefined ? undefined : resolveMode(opts.mode, 0o644, false);
  // The temp file arrives 0600, owned by the uploader. Owner first, then ONE chmod straight to the
  // final mode: the content is never readable by anyone the final file would not allow.
  const keepOld = 'if [ -e "$d" ]; then chown --reference="$d" -- "$t" 2>/dev/null; fi';
  const mode =
    final !== undefined
      ? `chmod ${final} -- "$t" || fail ${EXIT.attributes}`
      : `if [ -e "$d" ]; then chmod --reference="$d" -- "$t"; else chmod "$(printf %o $((0666 & ~$(umask))))" -- "$t"; fi || fail ${EXIT.attributes}`;
  const lines = [
    `t=${t}; d=${d}`,
    'fail() { rm -f -- "$t"; exit "$1"; }',
    keepOld,
    `${attributesCommand(temp, { owner: opts.owner, group: opts.group })} || fail ${EXIT.attributes}`,
    mode,
  ];
  if (opts.validate) lines.push(`( ${opts.validate.split('%s').join(t)} ) || fail ${EXIT.validate}`);
  if (opts.backup) {
    lines.push(`if [ -e "$d" ]; then b="$d.$(date +%Y-%m-%d@%H:%M:%S)~"; cp -p -- "$d" "$b" || fail ${EXIT.backup}; printf 'backup %s\\n' "$b"; fi`);
  }
  lines.push(`mv -f -- "$t" "$d" || fail ${EXIT.rename}`);
  lines.push(staleTempsCommand(dest));
  lines.push(pathInfoScript(dest));
  return lines.join('\n');
}

export async function installFile(
  ctx: ModuleContext,
  content: Buffer,
  dest: string,
  opts: InstallOptions = {},
): Promise<{ backupFile?: string; info?: PathInfo }> {
  checkValidateCommand(opts.validate);
  const temp = tempPathFor(dest);
  // kept if the run dies before the install script renames or removes the temp
  const forgetTemp = (await ctx.target.noteTemp?.(temp)) ?? (() => undefined);
  try {
    await ctx.target.put(content, temp, { mode: 0o600 });
  } catch (err) {
    // a dropped connection makes the host unreachable, not the task failed
    if (err instanceof UnreachableError) throw err;
    throw new ModuleFailure(`cannot upload ${dest}: ${(err as Error).message}`);
  }
  const result = await ctx.target.run(installScript(temp, dest, opts));
  forgetTemp();
  if (result.code === EXIT.validate) {
    const detail = result.stderr.trim() || result.stdout.trim();
    throw new ModuleFailure(`failed to validate${detail ? `: ${detail}` : ''}`, {
      exit_status: result.code,
      stdout: result.stdout,
      stderr: result.stderr,
    });
  }
  if (result.code !== 0) {
    const step = Object.entries(EXIT).find(([, code]) => code === result.code)?.[0] ?? 'install';
    throw new ModuleFailure(`cannot install ${dest} (${step}): ${result.stderr.trim()}`, { rc: result.code, stderr: result.stderr });
  }
  const backup = /^backup (.*)$/m.exec(result.stdout);
  return { ...(backup ? { backupFile: backup[1] } : {}), info: parsePathInfo(result.stdout) };
}
