// `warren adhoc PATTERN -m MODULE -a ARGS` as Ansible builds it: one play ("Ansible Ad-Hoc",
// no fact gathering) holding one task, checked like a playbook task before any host is touched.
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError, OptionsError } from '../core/errors.ts';
import { parseFreeForm } from '../load/free-form.ts';
import type { SourceLocation } from '../core/location.ts';
import type { ModuleTask, Playbook } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import { moduleArgIssues } from '../load/module-args.ts';
import { canonicalModuleName, findModule, suggestModules } from '../modules/registry.ts';

/** Modules whose output Ansible prints as text (`host | CHANGED | rc=0 >>`), not as JSON. */
export const TEXT_OUTPUT_MODULES = ['command', 'shell', 'raw'];

/** Modules that make no sense without arguments (Ansible's MODULE_REQUIRE_ARGS). */
const REQUIRE_ARGS = ['command', 'shell', 'raw', 'script'];

export const ADHOC_LOCATION: SourceLocation = { file: '(ad-hoc)', line: 1, col: 1 };

/** -a text: a JSON/YAML mapping when it starts with `{`, else key=value or free-form text. */
export function parseAdhocArgs(module: string, text: string | undefined): Vars {
  const def = findModule(module);
  if (!def) {
    const near = suggestModules(module);
    throw new InputError(`couldn't resolve module/action '${module}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}`);
  }
  const raw = (text ?? '').trim();
  if (!raw && REQUIRE_ARGS.includes(def.name)) throw new OptionsError(`No argument passed to ${def.name} module`);
  let args: Vars;
  if (raw.startsWith('{')) {
    let value: unknown;
    try {
      value = parseYaml(raw);
    } catch (err) {
      throw new OptionsError(`-a: invalid JSON/YAML arguments: ${(err as Error).message.split('\n')[0]}`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new OptionsError('-a: arguments must be a mapping');
    args = value as Vars;
  } else {
    args = raw ? parseFreeForm(def, raw, ADHOC_LOCATION) : {};
  }
  const issues = moduleArgIssues(def, args, true);
  if (issues.length) throw new OptionsError(`-a: ${issues.map((i) => i.message).join('; ')}`);
  return args;
}

export interface AdhocSpec {
  pattern: string;
  module: string;
  args?: string;
  /** group_vars/ and host_vars/ beside it are read, as beside a playbook (Ansible's --playbook-dir) */
  playbookDir?: string;
}

export function buildAdhocPlaybook(spec: AdhocSpec): Playbook {
  const module = canonicalModuleName(spec.module);
  const args = parseAdhocArgs(module, spec.args);
  const dir = resolve(spec.playbookDir ?? '.');
  const task: ModuleTask = { kind: 'task', module, name: module, args, loc: ADHOC_LOCATION };
  return {
    path: resolve(dir, '(ad-hoc)'),
    dir,
    plays: [
      {
        name: 'Ansible Ad-Hoc',
        hosts: spec.pattern,
        vars: {},
        vars_files: [],
        vars_prompt: [],
        strategy: 'linear',
        gather_facts: false,
        any_errors_fatal: false,
        force_handlers: false,
        tags: [],
        pre_tasks: [],
        roles: [],
        tasks: [task],
        post_tasks: [],
        handlers: [],
        dir,
        loc: ADHOC_LOCATION,
      },
    ],
  };
}
