// --start-at-task: exact name, 'role : name', or a shell-style glob (* ?).

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export function matchesTaskName(pattern: string, name: string | undefined, role?: string): boolean {
  if (!name) return false;
  const candidates = role ? [name, `${role} : ${name}`] : [name];
  if (candidates.includes(pattern)) return true;
  const re = globToRegExp(pattern);
  return candidates.some((c) => re.test(c));
}
