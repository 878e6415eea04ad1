// Where a user's own modules (library/) and Python action plugins (action_plugins/) are found, as
// Ansible's plugin loader finds them: next to each playbook loaded (imports included) and in each
// role loaded, in load order, after the configured paths (ansible.cfg `library`). Like Ansible's,
// the list is shared by the whole run: a directory added by one play serves the later ones.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

/** Collection prefixes under which a user module may answer (`ansible.legacy.x` is Ansible's name for it). */
const USER_PREFIXES = ['ansible.legacy.'];

function unqualified(name: string): string | undefined {
  const prefix = USER_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return name.slice(prefix.length);
  return name.includes('.') ? undefined : name;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export class PluginDirs {
  private readonly libraries: string[] = [];
  private readonly actionDirs: string[] = [];
  private readonly listings = new Map<string, string[]>();

  constructor(configuredLibraries: readonly string[] = []) {
    for (const dir of configuredLibraries) this.addDir(this.libraries, dir);
  }

  /** A playbook's or role's directory: its library/ and action_plugins/ when they exist. */
  addBase(baseDir: string): void {
    this.addDir(this.libraries, join(baseDir, 'library'));
    this.addDir(this.actionDirs, join(baseDir, 'action_plugins'));
  }

  /**
   * The user module file for `name`: as Ansible's loader, any file whose name without its
   * extension is `name` (name.py first, then name itself, then name.sh and others).
   */
  module(name: string): string | undefined {
    const short = unqualified(name);
    if (!short) return undefined;
    for (const dir of this.libraries) {
      const others = this.listing(dir)
        .filter((f) => f.startsWith(`${short}.`) && extname(f) !== '' && basename(f, extname(f)) === short && !/\.py[co]$/.test(f))
        .sort();
      for (const name of [`${short}.py`, short, ...others]) if (this.listing(dir).includes(name) && isFile(join(dir, name))) return join(dir, name);
    }
    return undefined;
  }

  /** The Python action plugin file that would answer `name` in Ansible, if any directory has one. */
  actionPlugin(name: string): string | undefined {
    const short = unqualified(name);
    if (!short) return undefined;
    const dir = this.actionDirs.find((d) => this.listing(d).includes(`${short}.py`) && isFile(join(d, `${short}.py`)));
    return dir ? join(dir, `${short}.py`) : undefined;
  }

  /** A library's file names, read once per run (every task's module name is looked up here). */
  private listing(dir: string): string[] {
    let names = this.listings.get(dir);
    if (!names) {
      names = readdirSync(dir);
      this.listings.set(dir, names);
    }
    return names;
  }

  private addDir(list: string[], dir: string): void {
    if (!list.includes(dir) && existsSync(dir)) list.push(dir);
  }
}
