import type { ModuleDefinition } from '../module.ts';
import { assertModule } from './assert.ts';
import { debugModule } from './debug.ts';
import { failModule } from './fail.ts';
import { setFactModule } from './set_fact.ts';

/** debug, set_fact, assert, fail: run on the controller, touch no host */
export const logicModules: ModuleDefinition[] = [debugModule, setFactModule, assertModule, failModule];
