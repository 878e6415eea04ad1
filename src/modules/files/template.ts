// template: renders a Jinja file (role templates/; `.hbs` files with Handlebars) on the
// controller and installs the result like copy does: checksum first, atomic upload only when it differs.
import { readFileSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { basename } from 'node:path';
import type { TemplateFileOptions } from '../../template/engine.ts';
import type { ModuleDefinition } from '../module.ts';
import type { ContentFileArgs, ContentFilePlanData, ContentFileState } from '../lib/content-file.ts';
import { applyContentFileWithPathInfo, contentFileProperties, planContentFile, preservableModeSchema, probeContentFile } from '../lib/content-file.ts';
import { checkContentFileArgs } from '../lib/content-file.ts';
import { findControllerFile } from '../lib/controller-file.ts';
import { encodeText } from '../lib/text-encoding.ts';
import { formatMode } from '../lib/mode.ts';

export interface TemplateArgs extends ContentFileArgs, TemplateFileOptions {
  src: string;
  newline_sequence?: string;
  output_encoding?: string;
}

// Ansible also takes the escaped spellings ('\\r\\n' from single-quoted YAML).
const NEWLINES: Record<string, string> = { '\n': '\n', '\r': '\r', '\r\n': '\r\n', '\\n': '\n', '\\r': '\r', '\\r\\n': '\r\n' };

const JINJA_OPTIONS = {
  trim_blocks: { type: 'boolean' },
  lstrip_blocks: { type: 'boolean' },
  block_start_string: { type: 'string', minLength: 1 },
  block_end_string: { type: 'string', minLength: 1 },
  variable_start_string: { type: 'string', minLength: 1 },
  variable_end_string: { type: 'string', minLength: 1 },
  comment_start_string: { type: 'string', minLength: 1 },
  comment_end_string: { type: 'string', minLength: 1 },
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

function trailingNewlines(text: string): number {
  let n = 0;
  while (n < text.length && text[text.length - 1 - n] === '\n') n++;
  return n;
}

/** Ansible's template action renders with preserve_trailing_newlines: the output ends with at
 * least as many newlines as the source (a final block tag eaten by trim_blocks keeps its line end). */
function withSourceTrailingNewlines(rendered: string, source: string): string {
  const missing = trailingNewlines(source) - trailingNewlines(rendered);
  return missing > 0 ? rendered + '\n'.repeat(missing) : rendered;
}

export const templateModule: ModuleDefinition<TemplateArgs, ContentFileState, ContentFilePlanData> = {
  name: 'template',
  argsSchema: {
    type: 'object',
    properties: {
      src: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      ...contentFileProperties,
      ...JINJA_OPTIONS,
      newline_sequence: { enum: Object.keys(NEWLINES) },
      output_encoding: { type: 'string' },
      follow: { type: 'boolean' },
      mode: preservableModeSchema,
    },
    required: ['src', 'dest'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    checkContentFileArgs(args);
    const path = findControllerFile(ctx, 'templates', args.src);
    const { dest, ...rest } = args;
    const newline = NEWLINES[args.newline_sequence ?? '\n'];
    const options: TemplateFileOptions = {};
    for (const key of Object.keys(JINJA_OPTIONS) as Array<keyof TemplateFileOptions>)
      if (rest[key] !== undefined) (options as Record<string, unknown>)[key] = rest[key];
    let text = withSourceTrailingNewlines(ctx.renderTemplateFile(path, options, templateVars(path, dest)), readFileSync(path, 'utf8'));
    if (newline && newline !== '\n') text = text.replace(/\r?\n/g, newline);
    const rendered = encodeText(text, args.output_encoding);
    const state = await probeContentFile(ctx, args.dest, rendered, basename(args.src), path, args.follow);
    return args.mode === 'preserve' ? { ...state, sourceMode: formatMode(statSync(path).mode & 0o7777) } : state;
  },
  plan: planContentFile,
  apply: applyContentFileWithPathInfo,
};
