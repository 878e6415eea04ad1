// ansible.cfg: the first of $ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg
// that exists, then the ANSIBLE_* environment variables over it, as ansible-core 2.14 does.
// Relative paths in the file resolve from the file's directory; keys warren does not use are
// reported (shown under -v), never an error.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import { parseIni, type IniSections } from './ini.ts';
import { parseSshArgs } from './ssh-args.ts';
import { CONFIG_KEYS, NO_EFFECT_KEYS, type ConfigKey } from './keys.ts';

export interface AnsibleConfig {
  /** the ansible.cfg read, if any */
  file?: string;
  settings: AnsibleSettings;
  /** keys warren does not use (printed under -v) */
  unused: string[];
  /** always printed, like Ansible's world-writable directory warning */
  warnings: string[];
}

export interface AnsibleSettings {
  inventory?: string[];
  remote_user?: string;
  private_key_file?: string;
  forks?: number;
  host_key_checking?: boolean;
  vault_password_file?: string;
  vault_identity_list?: string[];
  ask_vault_pass?: boolean;
  roles_path?: string[];
  library?: string[];
  become?: boolean;
  become_user?: string;
  become_method?: string;
  become_ask_pass?: boolean;
  timeout?: number;
  gathering?: 'implicit' | 'explicit' | 'smart';
  ansible_managed?: string;
  any_errors_fatal?: boolean;
  ssh_args?: string;
  ssh_extra_args?: string;
  ssh_retries?: number;
  template_max_mib?: number;
}

export interface ConfigEnvironment {
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
}

function defaultEnvironment(): ConfigEnvironment {
  return { env: process.env, cwd: process.cwd(), home: homedir() };
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Ansible's search order; ./ansible.cfg is ignored in a world-writable directory. */
export function findConfigFile(ctx: ConfigEnvironment, warnings: string[] = []): string | undefined {
  const candidates: string[] = [];
  const fromEnv = ctx.env.ANSIBLE_CONFIG;
  if (fromEnv) {
    const path = resolve(ctx.cwd, expandHome(fromEnv, ctx.home));
    candidates.push(existsSync(path) && statSync(path).isDirectory() ? join(path, 'ansible.cfg') : path);
  }
  const worldWritable = (() => {
    try {
      return (statSync(ctx.cwd).mode & 0o002) !== 0;
    } catch {
      return false;
    }
  })();
  if (worldWritable && readable(join(ctx.cwd, 'ansible.cfg'))) {
    warnings.push(`Ansible is being run in a world writable directory (${ctx.cwd}), ignoring it as an ansible.cfg source.`);
  } else candidates.push(join(ctx.cwd, 'ansible.cfg'));
  candidates.push(join(ctx.home, '.ansible.cfg'), '/etc/ansible/ansible.cfg');
  return candidates.find(readable);
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

const TRUE = /^(y|yes|on|1|true|t)$/i;
const FALSE = /^(n|no|off|0|false|f)$/i;

function convert(key: ConfigKey, raw: string, where: string, baseDir: string, home: string): unknown {
  const value = raw.trim().replace(/^(['"])(.*)\1$/s, '$2');
  const path = (p: string) => {
    const expanded = expandHome(p.trim(), home);
    return isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
  };
  switch (key.type) {
    case 'string':
      return value;
    case 'bool':
      if (TRUE.test(value)) return true;
      if (FALSE.test(value)) return false;
      throw new InputError(`${where}: ${key.name} must be true or false, got '${value}'`);
    case 'int': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new InputError(`${where}: ${key.name} must be a whole number, got '${value}'`);
      return n;
    }
    case 'path':
      return path(value);
    case 'pathlist':
      return value
        .split(',')
        .filter((p) => p.trim() !== '')
        .map(path);
    case 'pathspec':
      return value
        .split(':')
        .filter((p) => p.trim() !== '')
        .map(path);
    case 'list':
      return value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
    case 'choice':
      if (!key.choices!.includes(value)) throw new InputError(`${where}: ${key.name} must be one of ${key.choices!.join(', ')}, got '${value}'`);
      return value;
  }
}

export function settingsFrom(sections: IniSections, file: string | undefined, ctx: ConfigEnvironment): { settings: AnsibleSettings; unused: string[] } {
  const settings: Record<string, unknown> = {};
  const baseDir = file ? dirname(file) : ctx.cwd;
  const known = new Set<string>();
  for (const key of CONFIG_KEYS) {
    known.add(`${key.section}/${key.ini}`);
    const entry = sections.get(key.section)?.get(key.ini);
    if (entry) settings[key.name] = convert(key, entry.value, `${file}:${entry.line}`, baseDir, ctx.home);
    for (const envName of key.env) {
      const fromEnv = ctx.env[envName];
      // Environment paths resolve from the working directory, as Ansible's do.
      if (fromEnv !== undefined && fromEnv !== '') settings[key.name] = convert(key, fromEnv, envName, ctx.cwd, ctx.home);
    }
  }
  const unused: string[] = [];
  for (const [section, entries] of sections) {
    for (const [name, entry] of entries) {
      if (!known.has(`${section}/${name}`) && !NO_EFFECT_KEYS.has(`${section}/${name}`))
        unused.push(`${file}:${entry.line}: [${section}] ${name} is not used by warren; ignored`);
    }
  }
  return { settings: settings as AnsibleSettings, unused };
}

export function loadAnsibleConfig(ctx: ConfigEnvironment = defaultEnvironment()): AnsibleConfig {
  const warnings: string[] = [];
  const file = findConfigFile(ctx, warnings);
  const sections = file ? parseIni(readFileSync(file, 'utf8'), file) : new Map();
  const { settings, unused } = settingsFrom(sections, file, ctx);
  for (const name of ['ssh_args', 'ssh_extra_args'] as const) {
    if (settings[name]) unused.push(...parseSshArgs(settings[name], `[ssh_connection] ${name}`).unused);
  }
  return { file, settings, unused, warnings };
}
