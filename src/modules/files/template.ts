// template: renders a Handlebars file (role templates/) on the controller and installs the
// result like copy does: checksum first, atomic upload only when it differs.
import { basename } from 'node:path';
import type { ModuleDefinition } from '../module.ts';
import type { ContentFileArgs, ContentFilePlanData, ContentFileState } from '../lib/content-file.ts';
import { applyContentFile, contentFileProperties, planContentFile, probeContentFile } from '../lib/content-file.ts';
import { checkContentFileArgs, findControllerFile } from './copy.ts';

export interface TemplateArgs extends ContentFileArgs {
  src: string;
}

export const templateModule: ModuleDefinition<TemplateArgs, ContentFileState, ContentFilePlanData> = {
  name: 'template',
  argsSchema: {
    type: 'object',
    properties: { src: { type: 'string', minLength: 1 }, dest: { type: 'string', minLength: 1 }, ...contentFileProperties },
    required: ['src', 'dest'],
    additionalProperties: false,
  },
  async probe(ctx, args) {
    checkContentFileArgs(args);
    const path = findControllerFile(ctx, 'templates', args.src);
    const rendered = Buffer.from(ctx.renderTemplateFile(path));
    return probeContentFile(ctx, args.dest, rendered, basename(args.src), path);
  },
  plan: planContentFile,
  apply: applyContentFile,
};
