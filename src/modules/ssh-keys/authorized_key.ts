// authorized_key (ansible.posix): SSH public keys in a user's authorized_keys, added, updated
// (options, comment), removed, or made exclusive; ~/.ssh is created 0700 for the user with
// manage_dir. Keys given as a URL are not fetched (warren refuses them clearly).
import { posix } from 'node:path';
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { installFile } from '../lib/install.ts';
import { runOrFail } from '../lib/run.ts';
import { type KeyLine, parseAuthorizedKeys, parseKeyLine, parseOptions, renderAuthorizedKeys, sameKey } from './authorized-keys-file.ts';

export interface AuthorizedKeyArgs {
  user: string;
  key: string;
  path?: string;
  manage_dir?: boolean;
  state?: 'present' | 'absent';
  key_options?: string;
  exclusive?: boolean;
  comment?: string;
  follow?: boolean;
  validate_certs?: boolean;
}

interface AuthorizedKeyState {
  keyfile: string;
  sshDir: string;
  group: string;
  content?: string;
  dirExists: boolean;
}

type AuthorizedKeyData = AuthorizedKeyState & { content: string };

function decode(stdout: string, tag: string): string | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(`${tag} `));
  return line === undefined ? undefined : Buffer.from(line.slice(tag.length + 1), 'base64').toString('utf8');
}

export const authorizedKeyModule: ModuleDefinition<AuthorizedKeyArgs, AuthorizedKeyState, AuthorizedKeyData> = {
  name: 'authorized_key',
  argsSchema: {
    type: 'object',
    description: "Add or remove SSH public keys in a user's authorized_keys.",
    properties: {
      user: { type: 'string', minLength: 1, description: 'whose authorized_keys' },
      key: { type: 'string', minLength: 1, description: 'one or more public key lines' },
      path: { type: 'string', minLength: 1, description: 'the file (default: ~user/.ssh/authorized_keys)' },
      manage_dir: { type: 'boolean', default: true, description: 'create ~/.ssh (0700) and set the owner and mode of the file' },
      state: { enum: ['present', 'absent'], default: 'present' },
      key_options: { type: 'string', description: 'options put before the key, e.g. no-port-forwarding,from="10.0.0.0/8"' },
      exclusive: { type: 'boolean', default: false, description: 'remove every other key from the file' },
      comment: { type: 'string', description: "the key's comment, replacing the one in key" },
      follow: { type: 'boolean', default: false, description: 'follow a symbolic link at path' },
      validate_certs: { type: 'boolean', default: true, description: 'accepted for compatibility (keys from URLs are not fetched)' },
    },
    required: ['user', 'key'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    if (/^https?:\/\//.test(args.key.trim()))
      throw new ModuleFailure('authorized_key: keys from a URL are not supported by warren; give the key text (e.g. with lookup("url", ...))');
    const pw = await ctx.target.run(`getent passwd ${shellQuote(args.user)}`);
    if (pw.code !== 0) throw new ModuleFailure(`Failed to lookup user ${args.user}: no such user`);
    const fields = pw.stdout.trim().split(':');
    const home = fields[5]!;
    const keyfile = args.path ?? posix.join(home, '.ssh', 'authorized_keys');
    const sshDir = posix.dirname(keyfile);
    const script = [
      `f=${shellQuote(keyfile)}; d=${shellQuote(sshDir)}`,
      '[ -d "$d" ] && echo dir',
      'if [ -f "$f" ]; then printf "content "; base64 -w0 < "$f" || exit 3; echo; fi',
      `printf 'group '; id -gn ${shellQuote(args.user)} | base64 -w0; echo`,
    ].join('\n');
    const res = await runOrFail(ctx, script, `cannot read ${keyfile}`);
    return {
      keyfile,
      sshDir,
      group: decode(res.stdout, 'group')?.trim() ?? args.user,
      content: decode(res.stdout, 'content'),
      dirExists: res.stdout.split('\n').includes('dir'),
    };
  },
  plan(state, args): Plan<AuthorizedKeyData> {
    const present = (args.state ?? 'present') === 'present';
    const before = state.content ?? '';
    const keys = parseAuthorizedKeys(before);
    const maxRank = Math.max(0, ...[...keys.values()].map((k) => k.rank));
    const wanted: string[] = [];
    let write = false;
    args.key.split('\n').forEach((line, i) => {
      if (!line.trim() || line.trim().startsWith('#')) return;
      const parsed = parseKeyLine(line, i + 1);
      if (!parsed) throw new ModuleFailure(`invalid key specified: ${line}`);
      const key: KeyLine = {
        ...parsed,
        ...(args.key_options ? { options: parseOptions(args.key_options) } : {}),
        ...(args.comment !== undefined ? { comment: args.comment || undefined } : {}),
      };
      const existing = keys.get(key.id);
      if (present) {
        wanted.push(key.id);
        if (existing && sameKey(existing, key)) return;
        keys.set(key.id, { ...key, rank: existing && !args.exclusive ? existing.rank : maxRank + key.rank });
        write = true;
      } else if (existing) {
        keys.delete(key.id);
        write = true;
      }
    });
    if (present && args.exclusive) {
      for (const id of [...keys.keys()]) {
        if (!wanted.includes(id)) {
          keys.delete(id);
          write = true;
        }
      }
    }
    const after = renderAuthorizedKeys(keys);
    const result = {
      key: args.key,
      key_options: args.key_options ?? null,
      keyfile: state.keyfile,
      user: args.user,
      state: args.state ?? 'present',
      exclusive: args.exclusive ?? false,
      manage_dir: args.manage_dir !== false,
    };
    if (!write || after === before) return { changed: false, result };
    return { changed: true, result, data: { ...state, content: after }, diff: [{ before, after, before_header: state.keyfile, after_header: state.keyfile }] };
  },
  async apply(ctx, args, plan) {
    const state = plan.data;
    const manage = args.manage_dir !== false;
    if (manage && !state.dirExists) {
      await runOrFail(
        ctx,
        `mkdir -p -m 700 -- ${shellQuote(state.sshDir)} && chown ${shellQuote(`${args.user}:${state.group}`)} -- ${shellQuote(state.sshDir)}`,
        `cannot create ${state.sshDir}`,
      );
    }
    const attrs = manage ? { owner: args.user, group: state.group, mode: '0600' } : {};
    await installFile(ctx, Buffer.from(state.content), state.keyfile, attrs);
    return { ...plan.result, changed: true };
  },
};
