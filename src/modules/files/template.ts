// template: renders a Jinja file (role templates/; `.hbs` files with Handlebars) on the
// controller and installs the result like copy does: checksum first, atomic upload only when it differs.
import { statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { basename } from 'node:path';
import type { TemplateFileOptions } from '../../template/engine.ts';
import type { ModuleDefinition } from '../module.ts';
import type { ContentFileArgs, ContentFilePlanData, ContentFileState } from '../lib/content-file.ts';
import { applyContentFile, contentFileProperties, planContentFile, probeContentFile } from '../lib/content-file.ts';
import { checkContentFileArgs } from '../lib/content-file.ts';
import { findControllerFile } from '../lib/controller-file.ts';

export interface TemplateArgs extends ContentFileArgs, TemplateFileOptions {
  src: string;
  newline_sequence?: string;
}

const JINJA_OPTIONS = {
  trim_blocks: { type: 'boolean' },
  lstrip_blocks: { type: 'boolean' },
  block_start_string: { type: 'string', minLength: 1 },
  block_end_string: { type: 'string', minLength: 1 },
  variable_start_string: { type: 'string', minLength: 1 },
  variable_end_string: { type: 'string', minLength: 1 },
  comment_start_string: { type: 'string', minLength: 1 },
  comment_end_string: { type: 'string', minLength: 1 },
  newline_sequence: { enum: ['\n', '\r', '\r\n'] },
};

function owner(path: string): string {
  const uid = statSync(path).uid;
  return uid === userInfo().uid ? userInfo().username : String(uid);
}

/** Ansible's variables for the template being rendered (ansible_managed comes from the run). */
function templateVars(path: string, dest: string): Record<string, unknown> {
  const now = new Date();
  return {
    template_fullpath: path,
    template_destpath: dest,
    template_host: hostname(),
    template_uid: owner(path),
    template_run_date: now.toISOString().replace('T', ' ').replace('Z', ''),
  };
}

export const templateModule: ModuleDefinition<TemplateArgs, ContentFileState, ContentFilePlanData> = {
  name: 'template',
  argsSchema: {
    type: 'object',
    properties: { src: { type: 'string', minLength: 1 }, dest: { type: 'string', minLength: 1 }, ...contentFileProperties, ...JINJA_OPTIONS },
    required: ['src', 'dest'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    checkContentFileArgs(args);
    const path = findControllerFile(ctx, 'templates', args.src);
    const { dest, newline_sequence: newline, ...rest } = args;
    const options: TemplateFileOptions = {};
    for (const key of Object.keys(JINJA_OPTIONS) as Array<keyof TemplateFileOptions>)
      if (rest[key] !== undefined) (options as Record<string, unknown>)[key] = rest[key];
    let text = ctx.renderTemplateFile(path, options, templateVars(path, dest));
    if (newline && newline !== '\n') text = text.replace(/\r?\n/g, newline);
    const rendered = Buffer.from(text);
    return probeContentFile(ctx, args.dest, rendered, basename(args.src), path);
  },
  plan: planContentFile,
  apply: applyContentFile,
};
