import type { ModuleDefinition } from '../module.ts';
/** command, shell, copy, template, file, lineinfile, stat, debug, set_fact, assert, fail */
export const fileModules: ModuleDefinition[] = [];
