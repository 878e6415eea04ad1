import type { ModuleDefinition } from '../module.ts';
import { assertModule } from './assert.ts';
import { commandModule } from './command.ts';
import { copyModule } from './copy.ts';
import { debugModule } from './debug.ts';
import { failModule } from './fail.ts';
import { fileModule } from './file.ts';
import { includeVarsModule } from './include_vars.ts';
import { replaceModule } from './replace.ts';
import { lineinfileModule } from './lineinfile.ts';
import { setFactModule } from './set_fact.ts';
import { shellModule } from './shell.ts';
import { statModule } from './stat.ts';
import { templateModule } from './template.ts';

/** command, shell, copy, template, file, lineinfile, replace, include_vars, stat, debug, set_fact, assert, fail */
export const fileModules: ModuleDefinition[] = [
  commandModule,
  shellModule,
  copyModule,
  templateModule,
  fileModule,
  lineinfileModule,
  replaceModule,
  includeVarsModule,
  statModule,
  debugModule,
  setFactModule,
  assertModule,
  failModule,
];
