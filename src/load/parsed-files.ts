// Files one load already read, by path: site.yml imports roles/rabbitmq three times (its tasks,
// rolling-restart, feature-flags), and each import would parse the role's defaults and handlers
// again. Per load context, so a dynamic include at run time reads its file afresh.
import type { Vars } from '../core/vars.ts';
import { readYamlFile, type YamlFile } from '../core/yaml-file.ts';
import type { LoadOptions } from './options.ts';
import { loadVarsFile } from './vars-file.ts';
import { cloneData } from '../template/python-numbers.ts';

export interface ParsedFiles {
  yaml: Map<string, Promise<YamlFile>>;
  vars: Map<string, Promise<Vars>>;
}

export function newParsedFiles(): ParsedFiles {
  return { yaml: new Map(), vars: new Map() };
}

/** The parsed document (never changed by the loader, so it is shared). */
export function readYamlOnce(ctx: { parsed: ParsedFiles; opts: LoadOptions }, file: string): Promise<YamlFile> {
  let parsed = ctx.parsed.yaml.get(file);
  if (!parsed) ctx.parsed.yaml.set(file, (parsed = readYamlFile(file, ctx.opts)));
  return parsed;
}

/** A vars file's values: a copy each time, since callers merge into them. */
export async function loadVarsOnce(ctx: { parsed: ParsedFiles; opts: LoadOptions }, file: string): Promise<Vars> {
  let vars = ctx.parsed.vars.get(file);
  if (!vars) ctx.parsed.vars.set(file, (vars = loadVarsFile(file, ctx.opts)));
  return cloneData(await vars);
}
