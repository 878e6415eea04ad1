// known_hosts: one host's key line in a known_hosts file, added, replaced (same key type,
// different key) or removed, as Ansible's known_hosts. Lines are matched on the controller,
// hashed ones (|1|salt|hash) too, so the host needs no ssh-keygen.
import { createHmac, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { installFile } from '../lib/install.ts';
import { runOrFail } from '../lib/run.ts';

export interface KnownHostsArgs {
  name: string;
  key?: string;
  path?: string;
  hash_host?: boolean;
  state?: 'present' | 'absent';
}

interface KnownHostsState {
  path: string;
  content?: string;
  dirExists: boolean;
}

/** Does the host field of a known_hosts line (patterns or |1|salt|hash) name `host`? */
export function hostFieldMatches(field: string, host: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(host).digest('base64') === hash;
  }
  return field.split(',').some((p) => p.toLowerCase() === host);
}

export function hashHost(host: string, salt = randomBytes(20)): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(host).digest('base64')}`;
}

/** The host name as it appears in a line: [host]:port for a port other than 22. */
function splitLine(line: string): { marker?: string; hosts: string; type: string; key: string } | undefined {
  const words = line.trim().split(/\s+/);
  const marker = words[0]?.startsWith('@') ? words.shift() : undefined;
  if (words.length < 3) return undefined;
  return { marker, hosts: words[0]!, type: words[1]!, key: words[2]! };
}

export const knownHostsModule: ModuleDefinition<KnownHostsArgs, KnownHostsState, { path: string; content: string; dirExists: boolean }> = {
  name: 'known_hosts',
  aliases: { host: 'name' },
  argsSchema: {
    type: 'object',
    description: "Add or remove a host's key in a known_hosts file.",
    properties: {
      name: { type: 'string', minLength: 1, description: 'the host (as [host]:port for another port; alias: host)' },
      host: { type: 'string', minLength: 1 },
      key: { type: 'string', description: 'the known_hosts line, starting with the host name' },
      path: { type: 'string', minLength: 1, description: 'the file (default: ~/.ssh/known_hosts)' },
      hash_host: { type: 'boolean', default: false, description: 'write the host name hashed' },
      state: { enum: ['present', 'absent'], default: 'present' },
    },
    anyOf: [{ required: ['name'] }, { required: ['host'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const path = args.path ?? '~/.ssh/known_hosts';
    const remote = path.startsWith('~/') ? `"$HOME"/${shellQuote(path.slice(2))}` : shellQuote(path);
    const res = await runOrFail(
      ctx,
      `f=${remote}; printf 'path '; printf %s "$f" | base64 -w0; echo; [ -d "$(dirname -- "$f")" ] && echo dir; if [ -f "$f" ]; then printf 'content '; base64 -w0 < "$f" || exit 3; echo; fi`,
      `cannot read ${path}`,
    );
    const field = (tag: string) => {
      const line = res.stdout.split('\n').find((l) => l.startsWith(`${tag} `));
      return line === undefined ? undefined : Buffer.from(line.slice(tag.length + 1), 'base64').toString('utf8');
    };
    return { path: field('path') ?? path, content: field('content'), dirExists: res.stdout.split('\n').includes('dir') };
  },
  plan(state, args): Plan<{ path: string; content: string; dirExists: boolean }> {
    const name = args.name.toLowerCase();
    const present = (args.state ?? 'present') === 'present';
    if (present && !args.key) throw new ModuleFailure('argument key is required when state is present');
    let wanted: ReturnType<typeof splitLine>;
    if (args.key) {
      wanted = splitLine(args.key);
      if (!wanted) throw new ModuleFailure(`Invalid key specified: ${args.key}`);
      if (!hostFieldMatches(wanted.hosts, name)) {
        throw new ModuleFailure('Host parameter does not match hashed host field in supplied key');
      }
    }
    const before = state.content ?? '';
    const lines = before.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const ofHost = (l: string) => {
      const p = !l.trim().startsWith('#') && splitLine(l);
      return p && hostFieldMatches(p.hosts, name) ? p : undefined;
    };
    let after: string[];
    if (present) {
      const same = lines.some((l) => {
        const p = ofHost(l);
        return p && p.type === wanted!.type && p.key === wanted!.key && p.marker === wanted!.marker;
      });
      if (same) return { changed: false, result: { name, path: state.path, key: args.key, hash_host: !!args.hash_host, state: 'present' } };
      const line = args.hash_host && !wanted!.hosts.startsWith('|1|') ? args.key!.trim().replace(wanted!.hosts, hashHost(name)) : args.key!.trim();
      const replaceAt = lines.findIndex((l) => ofHost(l)?.type === wanted!.type);
      after = replaceAt >= 0 ? lines.map((l, i) => (i === replaceAt ? line : l)) : [...lines, line];
    } else {
      after = lines.filter((l) => !ofHost(l));
      if (after.length === lines.length) return { changed: false, result: { name, path: state.path, hash_host: !!args.hash_host, state: 'absent' } };
    }
    const text = after.length ? `${after.join('\n')}\n` : '';
    return {
      changed: true,
      data: { path: state.path, content: text, dirExists: state.dirExists },
      diff: [{ before, after: text, before_header: state.path, after_header: state.path }],
      result: { name, path: state.path, key: args.key, hash_host: !!args.hash_host, state: args.state ?? 'present' },
    };
  },
  async apply(ctx, _args, plan) {
    const { path, content, dirExists } = plan.data;
    if (!dirExists) await runOrFail(ctx, `mkdir -p -m 700 -- ${shellQuote(posix.dirname(path))}`, 'cannot create the directory');
    await installFile(ctx, Buffer.from(content), path, {});
    return { ...plan.result, changed: true };
  },
};
