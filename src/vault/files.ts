// File handling for the vault verbs: atomic rewrites that keep the mode, and plain text that only
// ever sits in a private temp directory while an editor has it.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { WarrenError } from '../core/errors.ts';

export async function readVaultFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new WarrenError(code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${(err as Error).message}`);
  }
}

export async function fileExists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Temp file beside the target + rename: readers see the old or the new content, never half. */
/** The contents of those of `files` that exist, in order. */
export async function existingTexts(files: readonly string[]): Promise<string[]> {
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => undefined)));
  return texts.filter((t): t is string => t !== undefined);
}

export async function writeFileAtomic(file: string, content: string, mode?: number): Promise<void> {
  const keepMode =
    mode ??
    (await stat(file).then(
      (s) => s.mode & 0o7777,
      () => 0o600,
    ));
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
    await chmod(temp, keepMode);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw new WarrenError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

/**
 * Lets the user edit `plain` in $EDITOR (or $VISUAL, else vi) on a 0600 file in a 0700 directory,
 * which is removed afterwards whatever happens. Returns the edited text. SIGINT, SIGTERM or SIGHUP
 * from the moment the directory exists stops the editor, removes the directory and exits 128+n.
 */
export async function editInPrivateTemp(plain: string, nameHint: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'warren-vault-'));
  const interrupts = onInterrupt(dir);
  try {
    await chmod(dir, 0o700);
    const file = join(dir, basename(nameHint) || 'vault');
    await writeFile(file, plain, { mode: 0o600 });
    const editor = process.env.EDITOR || process.env.VISUAL || 'vi';
    // Through sh so EDITOR may carry arguments ("code --wait"), as with git and ansible-vault.
    const res = await runEditor(editor, file, interrupts);
    if (res.error) throw new WarrenError(`cannot run the editor ${editor}: ${res.error.message}`);
    if (res.status !== 0) throw new WarrenError(`the editor ${editor} exited with status ${res.status ?? res.signal}; nothing was changed`);
    return await readFile(file, 'utf8');
  } finally {
    interrupts.off();
    await rm(dir, { recursive: true, force: true });
  }
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

interface Interrupts {
  /** The running editor, stopped first when a signal comes. */
  editor?: ChildProcess;
  off(): void;
}

/** Installed before any plaintext is written, so no signal can fall between writing it and guarding it. */
function onInterrupt(dir: string): Interrupts {
  const state: Interrupts = { off: () => {} };
  const handlers = Object.entries(SIGNALS).map(([name, number]) => {
    const handler = () => {
      state.editor?.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`\nERROR! vault edit interrupted (${name}); nothing was changed\n`);
      process.exit(128 + number);
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  state.off = () => handlers.forEach((off) => off());
  return state;
}

function runEditor(editor: string, file: string, interrupts: Interrupts): Promise<{ error?: Error; status: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `${editor} "$1"`, 'warren-editor', file], { stdio: 'inherit' });
    interrupts.editor = child;
    child.on('error', (error) => resolve({ error, status: null, signal: null }));
    child.on('exit', (status, signal) => resolve({ status, signal }));
  });
}
