// sysctl (ansible.posix): a kernel parameter in a sysctl file, and optionally live (sysctl -w),
// then `sysctl -p FILE` when the file changed. The file is rewritten as ansible.posix does:
// every setting as key=value, duplicates dropped, comments and blank lines kept.
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { shellQuote } from '../../connection/connection.ts';
import { installFile } from '../lib/install.ts';
import { runOrFail } from '../lib/run.ts';

export interface SysctlArgs {
  name: string;
  value?: string | number | boolean;
  state?: 'present' | 'absent';
  ignoreerrors?: boolean;
  reload?: boolean;
  sysctl_file?: string;
  sysctl_set?: boolean;
}

interface SysctlState {
  fileText: string | undefined;
  live?: string;
}

interface SysctlData {
  fileText?: string;
  setLive?: string;
}

/** yes/no/true/false become 1/0, whitespace runs one space (ansible.posix compares so). */
export function normalizeSysctlValue(value: unknown): string {
  if (value === true) return '1';
  if (value === false) return '0';
  const text = String(value).trim();
  if (/^(yes|on|true)$/i.test(text)) return '1';
  if (/^(no|off|false)$/i.test(text)) return '0';
  return text.split(/\s+/).join(' ');
}

function isSetting(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#') && !t.startsWith(';') && t.includes('=');
}

export function fileValue(text: string, name: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split('\n')) {
    if (!isSetting(line)) continue;
    const [k, ...v] = line.trim().split('=');
    if (k!.trim() === name) found = v.join('=').trim();
  }
  return found;
}

export function rewriteSysctlFile(text: string, name: string, value: string | undefined): string {
  const out: string[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (!isSetting(line)) {
      out.push(line);
      continue;
    }
    const [rawKey, ...rest] = line.trim().split('=');
    const key = rawKey!.trim();
    if (seen.has(key)) continue;
    seen.add(key);
    if (key !== name) out.push(`${key}=${rest.join('=').trim()}`);
    else if (value !== undefined) out.push(`${key}=${value}`);
  }
  if (!seen.has(name) && value !== undefined) out.push(`${name}=${value}`);
  return out.length ? `${out.join('\n')}\n` : '';
}

export const sysctlModule: ModuleDefinition<SysctlArgs, SysctlState, SysctlData> = {
  name: 'sysctl',
  aliases: { key: 'name', val: 'value' },
  argsSchema: {
    type: 'object',
    description: 'Set a kernel parameter in a sysctl file and, optionally, live.',
    properties: {
      name: { type: 'string', minLength: 1, description: 'the parameter, e.g. vm.swappiness (alias: key)' },
      key: { type: 'string', minLength: 1 },
      value: { type: ['string', 'number', 'boolean'], description: 'its value (alias: val)' },
      val: { type: ['string', 'number', 'boolean'] },
      state: { enum: ['present', 'absent'], default: 'present' },
      ignoreerrors: { type: 'boolean', default: false, description: 'ignore errors about unknown keys when reloading' },
      reload: { type: 'boolean', default: true, description: 'run sysctl -p on the file when it changed' },
      sysctl_file: { type: 'string', minLength: 1, default: '/etc/sysctl.conf' },
      sysctl_set: { type: 'boolean', default: false, description: 'also check and set the live value with sysctl -w' },
    },
    anyOf: [{ required: ['name'] }, { required: ['key'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    if ((args.state ?? 'present') === 'present' && args.value === undefined) throw new ModuleFailure('value cannot be None');
    const file = args.sysctl_file ?? '/etc/sysctl.conf';
    const script = [
      `f=${shellQuote(file)}`,
      'if [ -f "$f" ]; then printf "file "; base64 -w0 < "$f" || exit 3; echo; fi',
      args.sysctl_set ? `printf 'live '; sysctl -n ${shellQuote(args.name)} 2>/dev/null | base64 -w0; echo` : '',
    ].join('\n');
    const res = await runOrFail(ctx, script, `cannot read ${file}`);
    const field = (tag: string) => {
      const line = res.stdout.split('\n').find((l) => l.startsWith(`${tag} `));
      return line === undefined ? undefined : Buffer.from(line.slice(tag.length + 1), 'base64').toString('utf8');
    };
    const live = field('live');
    return { fileText: field('file'), ...(live !== undefined ? { live: live.trim() } : {}) };
  },
  plan(state, args): Plan<SysctlData> {
    const present = (args.state ?? 'present') === 'present';
    const value = present ? normalizeSysctlValue(args.value) : undefined;
    const before = state.fileText ?? '';
    const current = fileValue(before, args.name);
    const fileChanged = present ? current === undefined || normalizeSysctlValue(current) !== value : current !== undefined;
    const data: SysctlData = {};
    if (fileChanged) data.fileText = rewriteSysctlFile(before, args.name, value);
    if (present && args.sysctl_set && normalizeSysctlValue(state.live ?? '') !== value) data.setLive = value;
    const file = args.sysctl_file ?? '/etc/sysctl.conf';
    if (data.fileText === undefined && data.setLive === undefined) return { changed: false };
    const diff = data.fileText !== undefined ? [{ before, after: data.fileText, before_header: file, after_header: file }] : [];
    return { changed: true, data, diff };
  },
  async apply(ctx, args, plan) {
    const file = args.sysctl_file ?? '/etc/sysctl.conf';
    const { fileText, setLive } = plan.data;
    if (setLive !== undefined) await runOrFail(ctx, `sysctl -w ${shellQuote(`${args.name}=${setLive}`)}`, 'setting the value failed');
    if (fileText !== undefined) {
      await installFile(ctx, Buffer.from(fileText), file, {});
      if (args.reload !== false) {
        const res = await ctx.target.run(`sysctl -p ${shellQuote(file)}`);
        const bad = res.code !== 0 || /Invalid argument|unknown key|cannot stat/i.test(res.stderr);
        if (bad && !args.ignoreerrors) throw new ModuleFailure(`Failed to reload sysctl: ${(res.stdout + res.stderr).trim()}`, { rc: res.code });
      }
    }
    return { changed: true };
  },
};
