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
import { fileTimeProperties, parseTimes, timesProbeScript } from './file-times.ts';
import { type FileDiff, parseWalk, withResolvedIds } from './file-diff.ts';
import { parsePathInfo, pathInfoScript } from '../lib/path-info.ts';

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

/** Ansible's _diff_peek: a NUL byte in the first 8 KiB means binary. */
async function appearsBinary(ctx: Parameters<typeof runOrFail>[0], path: string): Promise<boolean> {
  const q = shellQuote(path);
  const result = await runOrFail(ctx, `if [ -f ${q} ]; then head -c 8192 -- ${q} | tr -d -c '\\000' | wc -c; else echo 0; fi`, `cannot read ${path}`);
  return Number(result.stdout.trim()) > 0;
}

export const fileModule: ModuleDefinition<FileArgs, FileModuleState, string[]> = {
  name: 'file',
  aliases: { dest: 'path', name: 'path', attr: 'attributes' },
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
      follow: { type: 'boolean' },
      ...fileTimeProperties,
      attributes: { type: 'string' },
      attr: { type: 'string' },
      // Ansible's own diff helper: says whether the file looks binary, changes nothing
      _diff_peek: { type: 'boolean' },
      unsafe_writes: { type: 'boolean' },
    },
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const { path } = args;
    if (args._diff_peek) return { target: { path, exists: false }, diffPeek: await appearsBinary(ctx, path) };
    if (args.attributes) throw new ModuleFailure("attributes (chattr flags) are not supported by warren's file module");
    if (args.mode !== undefined) checkModeSpec(args.mode);
    if (args.recurse && args.state && args.state !== 'directory') throw new ModuleFailure('recurse option requires state to be directory');
    const linking = args.state === 'link' || args.state === 'hard';
    // Like Ansible's follow=yes: file/directory/touch act on a link's target; link/absent on the link.
    const follow = !linking && args.state !== 'absent' && args.follow !== false;
    const paths = [path];
    if (linking && args.src !== undefined) paths.push(resolveLinkSource(path, args.src, args.state!));
    const absentDir = args.state === 'absent';
    if (!args.recurse && !absentDir) {
      const lookedAhead = await fromLookAhead(ctx, paths, { follow, checksum: false });
      if (lookedAhead) return { target: lookedAhead[0]!, ...(lookedAhead[1] ? { src: lookedAhead[1] } : {}) };
    }
    let script = probeScript(paths, { follow, checksum: false });
    if (args.recurse) {
      // find -L reports what followed links point to, as the recursive change will see them
      const walk = args.follow !== false ? 'find -L' : 'find';
      script += `\nif [ -d ${shellQuote(path)} ]; then ${walk} ${shellQuote(path)} -mindepth 1 -printf 'tree %y %m %U %G %u %g\\n' 2>/dev/null || :; fi`;
    }
    // what Ansible's diff lists under path_content when a directory goes (os.walk: dirs, the rest)
    if (absentDir)
      script += `\nif [ -d ${shellQuote(path)} ] && [ ! -L ${shellQuote(path)} ]; then echo walked; find ${shellQuote(path)} -mindepth 1 -printf 'walk %Y %p\\n' 2>/dev/null || :; fi`;
    const timed = args.state === 'touch' || args.access_time !== undefined || args.modification_time !== undefined;
    if (timed && args.state !== 'absent') script += `\n${timesProbeScript(path, args, follow)}`;
    const result = await runOrFail(ctx, script, `cannot read the state of ${path}`);
    const [target, src] = parseProbeOutput(paths, result.stdout);
    const walk = absentDir ? parseWalk(result.stdout) : undefined;
    return {
      target,
      ...(src ? { src } : {}),
      ...(args.recurse ? { tree: parseTree(result.stdout) } : {}),
      ...(walk ? { walk } : {}),
      times: parseTimes(result.stdout),
    };
  },
  plan: (state, args) =>
    state.diffPeek !== undefined ? { changed: false, result: { path: args.path, appears_binary: state.diffPeek } } : planFile(state, args),
  async apply(ctx, args, plan) {
    const steps = plan.data;
    if (args.state === 'absent') {
      await runOrFail(ctx, steps.join(' && '), `cannot update ${args.path}`);
      return { ...plan.result, changed: true };
    }
    const done = await runOrFail(ctx, `${steps.join(' && ') || ':'} || exit $?\n${pathInfoScript(args.path)}`, `cannot update ${args.path}`);
    const info = parsePathInfo(done.stdout);
    return { ...plan.result, ...info, diff: withResolvedIds(plan.result?.diff as FileDiff, info), changed: true };
  },
};
