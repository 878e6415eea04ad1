import type { ModuleDefinition } from '../module.ts';
import { archiveModule } from './archive.ts';
import { blockinfileModule } from './blockinfile.ts';
import { copyModule } from './copy.ts';
import { fileModule } from './file.ts';
import { findModule } from './find.ts';
import { includeVarsModule } from './include_vars.ts';
import { replaceModule } from './replace.ts';
import { lineinfileModule } from './lineinfile.ts';
import { statModule } from './stat.ts';
import { templateModule } from './template.ts';
import { unarchiveModule } from './unarchive.ts';

/** copy, template, file, lineinfile, blockinfile, replace, include_vars, stat, find, unarchive, archive */
export const fileModules: ModuleDefinition[] = [
  copyModule,
  templateModule,
  fileModule,
  lineinfileModule,
  blockinfileModule,
  replaceModule,
  includeVarsModule,
  statModule,
  findModule,
  unarchiveModule,
  archiveModule,
];
