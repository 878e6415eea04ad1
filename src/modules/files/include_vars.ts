// include_vars: loads YAML/JSON vars files on the controller while the play runs, per host (the
// arguments are templated per host), as Ansible's action does: `file` (or free form) looked up in
// the role's vars/, the role, the playbook's vars/ and the playbook directory; or every matching
// file of `dir`, sorted, recursively to `depth`. Vaulted files (either format) are decrypted and
// their values masked. The variables come back as ansible_facts, which the runner stores as host
// variables (like set_fact).
import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { Vars } from '../../core/vars.ts';
import type { ModuleContext, ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface IncludeVarsArgs {
  file?: string;
  _raw_params?: string;
  dir?: string;
  name?: string;
  depth?: number;
  files_matching?: string;
  ignore_files?: string[];
  extensions?: string[];
  ignore_unknown_extensions?: boolean;
  hash_behaviour?: 'replace' | 'merge';
}

export interface IncludeVarsState {
  files: string[];
  vars: Vars;
}

function listDir(root: string, args: IncludeVarsArgs): string[] {
  const extensions = (args.extensions ?? ['json', 'yml', 'yaml']).map((e) => `.${e.replace(/^\./, '')}`);
  const matching = args.files_matching ? new RegExp(args.files_matching) : undefined;
  const ignored = (args.ignore_files ?? []).map((p) => new RegExp(p));
  const depth = args.depth ?? 0;
  const out: string[] = [];
  const walk = (dir: string, level: number) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (depth === 0 || level < depth) walk(path, level + 1);
        continue;
      }
      if (ignored.some((r) => r.test(entry))) continue;
      if (matching && !matching.test(entry)) continue;
      if (!extensions.includes(extname(entry))) {
        if (args.ignore_unknown_extensions) continue;
        throw new ModuleFailure(`${relative(root, path)} does not have a valid extension: ${extensions.map((e) => e.slice(1)).join(', ')}`);
      }
      out.push(path);
    }
  };
  walk(root, 1);
  return out;
}

function deepMerge(a: Vars, b: Vars): Vars {
  const out: Vars = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    const bothMaps = prev && v && typeof prev === 'object' && typeof v === 'object' && !Array.isArray(prev) && !Array.isArray(v);
    out[k] = bothMaps ? deepMerge(prev as Vars, v as Vars) : v;
  }
  return out;
}

async function readAll(ctx: ModuleContext, files: string[], merge: boolean): Promise<Vars> {
  if (!ctx.readVarsFile) throw new ModuleFailure('include_vars needs the run to read vars files');
  let vars: Vars = {};
  for (const file of files) {
    let loaded: Vars;
    try {
      loaded = await ctx.readVarsFile(file);
    } catch (err) {
      throw new ModuleFailure(`${(err as Error).message}`, { ansible_included_var_files: files });
    }
    vars = merge ? deepMerge(vars, loaded) : { ...vars, ...loaded };
  }
  return vars;
}

const str = { type: 'string', minLength: 1 };

export const includeVarsModule: ModuleDefinition<IncludeVarsArgs, IncludeVarsState> = {
  name: 'include_vars',
  controllerOnly: true,
  returns: 'included-variables',
  freeForm: '_raw_params',
  argsSchema: {
    type: 'object',
    description: 'Load variables from YAML/JSON files on the controller while the play runs.',
    properties: {
      file: { ...str, description: 'the vars file: relative paths search the role vars/, the role, the playbook vars/ and the playbook directory' },
      _raw_params: { ...str, description: 'the file, given free form' },
      dir: { ...str, description: 'load every matching file of this directory (sorted)' },
      name: { ...str, description: 'put the variables under this one variable instead of at the top level' },
      depth: { type: 'integer', minimum: 0, default: 0, description: 'with dir: how deep to recurse (0 = no limit)' },
      files_matching: { ...str, description: 'with dir: only files whose name matches this regular expression' },
      ignore_files: { type: 'array', items: { type: 'string' }, default: [], description: 'with dir: file names (regular expressions) to skip' },
      extensions: { type: 'array', items: { type: 'string' }, default: ['json', 'yml', 'yaml'], description: 'with dir: the file extensions read' },
      ignore_unknown_extensions: { type: 'boolean', default: false, description: 'with dir: skip, rather than fail on, files with other extensions' },
      hash_behaviour: { enum: ['replace', 'merge'], default: 'replace', description: 'how dictionaries of several files combine' },
    },
    oneOf: [{ required: ['file'] }, { required: ['_raw_params'] }, { required: ['dir'] }],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    let files: string[];
    if (args.dir !== undefined) {
      let root: string;
      try {
        root = ctx.findFile('vars', args.dir);
      } catch {
        throw new ModuleFailure(`${args.dir} directory does not exist`);
      }
      files = listDir(root, args);
    } else {
      const name = (args.file ?? args._raw_params)!;
      files = [ctx.findFile('vars', name)];
    }
    return { files, vars: await readAll(ctx, files, args.hash_behaviour === 'merge') };
  },
  plan(state, args) {
    const facts = args.name ? { [args.name]: state.vars } : state.vars;
    return { changed: false, result: { ansible_facts: facts, ansible_included_var_files: state.files } };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
