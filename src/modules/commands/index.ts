import type { ModuleDefinition } from '../module.ts';
import { commandModule } from './command.ts';
import { shellModule } from './shell.ts';

/** command, shell: run a program on the target */
export const commandModules: ModuleDefinition[] = [commandModule, shellModule];
