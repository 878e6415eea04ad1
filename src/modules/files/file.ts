// file: ensures a path is a file, directory, symbolic or hard link, is absent, or is touched;
// sets owner/group/mode (recursively for directories with recurse).
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { checkModeSpec } from '../lib/mode.ts';
import { parseProbeOutput, probeScript } from '../lib/probe.ts';
import { fromLookAhead } from '../lib/look-ahead.ts';
import { runOrFail } from '../lib/run.ts';
import type { FileArgs, FileModuleState, TreeEntry } from './file-plan.ts';
import { planFile, resolveLinkSource } from './file-plan.ts';
import type { FileType } from '../lib/probe.ts';
import { modeSchema } from '../lib/mode.ts';

const TREE_TYPES: Record<string, FileType> = { f: 'file', d: 'directory', l: 'link' };

function parseTree(stdout: string): TreeEntry[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('tree '))
    .map((line) => {
      const [, type, mode, uid, gid, owner, group] = line.split(' ');
      return { type: TREE_TYPES[type] ?? 'other', mode: mode.padStart(4, '0'), uid: Number(uid), gid: Number(gid), owner, group };
    });
}

export const fileModule: ModuleDefinition<FileArgs, FileModuleState, string[]> = {
  name: 'file',
  aliases: { dest: 'path', name: 'path' },
  argsSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      state: { enum: ['file', 'directory', 'touch', 'absent', 'link', 'hard'] },
      src: { type: 'string' },
      mode: modeSchema,
      owner: { type: 'string' },
      group: { type: 'string' },
      recurse: { type: 'boolean' },
      force: { type: 'boolean' },
    },
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const { path } = args;
    if (args.mode !== undefined) checkModeSpec(args.mode);
    if (args.recurse && args.state && args.state !== 'directory') throw new ModuleFailure('recurse option requires state to be directory');
    const linking = args.state === 'link' || args.state === 'hard';
    // Like Ansible's follow=yes: file/directory/touch act on a link's target; link/absent on the link.
    const follow = !linking && args.state !== 'absent';
    const paths = [path];
    if (linking && args.src !== undefined) paths.push(resolveLinkSource(path, args.src, args.state!));
    if (!args.recurse) {
      const lookedAhead = await fromLookAhead(ctx, paths, { follow, checksum: false });
      if (lookedAhead) return { target: lookedAhead[0]!, ...(lookedAhead[1] ? { src: lookedAhead[1] } : {}) };
    }
    let script = probeScript(paths, { follow, checksum: false });
    if (args.recurse) {
      script += `\nif [ -d ${shellQuote(path)} ]; then find ${shellQuote(path)} -mindepth 1 -printf 'tree %y %m %U %G %u %g\\n'; fi`;
    }
    const result = await runOrFail(ctx, script, `cannot read the state of ${path}`);
    const [target, src] = parseProbeOutput(paths, result.stdout);
    return { target, ...(src ? { src } : {}), ...(args.recurse ? { tree: parseTree(result.stdout) } : {}) };
  },
  plan: planFile,
  async apply(ctx, args, plan) {
    const steps = plan.data;
    if (steps.length) await runOrFail(ctx, steps.join(' && '), `cannot update ${args.path}`);
    return { ...plan.result, changed: true };
  },
};
