// Mount bookkeeping: a directory is removed only after nothing is mounted under it any more.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { LabError, runCommand } from './exec.ts';

function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Mount points at or under `path`, deepest first. */
export function mountsUnder(path: string): string[] {
  const prefix = path.replace(/\/$/, '');
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => unescapeMountPath(line.split(' ')[4]!))
    .filter((point) => point === prefix || point.startsWith(`${prefix}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

export function isMounted(path: string): boolean {
  return mountsUnder(path).includes(path.replace(/\/$/, ''));
}

export async function unmountTree(path: string): Promise<void> {
  for (const point of mountsUnder(path)) {
    const result = await runCommand('umount', [point]);
    if (result.code !== 0) await runCommand('umount', ['-l', point]);
  }
  const left = mountsUnder(path);
  if (left.length > 0) throw new LabError(`could not unmount ${left.join(', ')}`);
}

/** rm -rf that refuses to descend into a mounted file system (a bind of /proc or /sys in a half-built image). */
export async function removeTree(path: string): Promise<void> {
  await unmountTree(path);
  await rm(path, { recursive: true, force: true });
}
