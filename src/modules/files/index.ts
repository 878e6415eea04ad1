import type { ModuleDefinition } from '../module.ts';
import { copyModule } from './copy.ts';
import { fileModule } from './file.ts';
import { includeVarsModule } from './include_vars.ts';
import { replaceModule } from './replace.ts';
import { lineinfileModule } from './lineinfile.ts';
import { statModule } from './stat.ts';
import { templateModule } from './template.ts';

/** copy, template, file, lineinfile, replace, include_vars, stat */
export const fileModules: ModuleDefinition[] = [copyModule, templateModule, fileModule, lineinfileModule, replaceModule, includeVarsModule, statModule];
