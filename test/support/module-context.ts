// A ModuleContext for tests: a real connection, plain vars, and controller file lookup in
// the given files/templates directories. Templates render with Handlebars directly (strict).
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import Handlebars from 'handlebars';
import type { BecomeOptions, Connection } from '../../src/connection/connection.ts';
import { LocalConnection } from '../../src/connection/local.ts';
import type { Vars } from '../../src/core/vars.ts';
import type { ModuleContext } from '../../src/modules/module.ts';

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
    conn: opts.conn ?? new LocalConnection(host),
    vars,
    check: opts.check ?? false,
    diff: opts.diff ?? false,
    ...(opts.become ? { become: opts.become } : {}),
    ...(opts.environment ? { environment: opts.environment } : {}),
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
