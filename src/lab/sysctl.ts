// Many hosts need more inotify instances than a default kernel gives root (every host's systemd
// and journald take several, and they all count against root). Raised only when too low; the
// original values are saved and restored when the last lab goes down.
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabPaths } from './state.ts';

const limits: Record<string, number> = {
  '/proc/sys/fs/inotify/max_user_instances': 8192,
  '/proc/sys/fs/inotify/max_user_watches': 1048576,
};

function savedFile(paths: LabPaths): string {
  return join(paths.stateRoot, 'sysctl-saved.json');
}

export async function raiseInotifyLimits(paths: LabPaths): Promise<void> {
  const saved: Record<string, number> = existsSync(savedFile(paths)) ? JSON.parse(readFileSync(savedFile(paths), 'utf8')) : {};
  for (const [file, wanted] of Object.entries(limits)) {
    const current = Number(readFileSync(file, 'utf8').trim());
    if (current >= wanted) continue;
    saved[file] ??= current;
    await writeFile(file, String(wanted));
  }
  if (Object.keys(saved).length > 0) await writeFile(savedFile(paths), JSON.stringify(saved));
}

export async function restoreInotifyLimits(paths: LabPaths): Promise<void> {
  if (!existsSync(savedFile(paths))) return;
  const saved = JSON.parse(readFileSync(savedFile(paths), 'utf8')) as Record<string, number>;
  for (const [file, value] of Object.entries(saved)) await writeFile(file, String(value));
  await rm(savedFile(paths), { force: true });
}
