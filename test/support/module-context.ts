// A ModuleContext for tests: a real connection behind the runner's own target (become and
// environment merged), plain vars, and controller file lookup in the given files/templates
// directories. Templates render with Handlebars directly (strict).
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import Handlebars from 'handlebars';
import type { BecomeOptions, Connection } from '../../src/connection/connection.ts';
import { LocalConnection } from '../../src/connection/local.ts';
import type { Vars } from '../../src/core/vars.ts';
import { executeModule } from '../../src/modules/execute.ts';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../../src/modules/module.ts';
import { taskTarget } from '../../src/run/task-target.ts';

export interface TestContextOptions {
  conn?: Connection;
  host?: string;
  vars?: Vars;
  check?: boolean;
  diff?: boolean;
  become?: BecomeOptions;
  environment?: Record<string, string>;
  filesDir?: string;
  templatesDir?: string;
}

export function makeContext(opts: TestContextOptions = {}): ModuleContext {
  const host = opts.host ?? 'localhost';
  const vars = opts.vars ?? {};
  return {
    host,
    target: taskTarget(opts.conn ?? new LocalConnection(host), opts.become, opts.environment),
    vars,
    diff: opts.diff ?? false,
    findFile(kind, name) {
      if (isAbsolute(name)) return name;
      const dir = kind === 'files' ? opts.filesDir : opts.templatesDir;
      const path = dir ? join(dir, name) : name;
      if (!existsSync(path)) throw new Error(`'${name}' not found in ${dir ?? 'the current directory'}`);
      return path;
    },
    renderTemplateFile(path) {
      return Handlebars.compile(readFileSync(path, 'utf8'), { strict: true, noEscape: true })(vars);
    },
  };
}

/** Runs a module as the runner does (aliases, prepare, probe, plan, apply), check mode from opts. */
export function runModule(def: ModuleDefinition, args: unknown, opts: TestContextOptions = {}): Promise<ModuleResult> {
  return executeModule(def, makeContext(opts), args as Record<string, unknown>, { check: opts.check ?? false });
}
