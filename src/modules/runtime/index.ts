import type { ModuleDefinition } from '../module.ts';
import { addHostModule } from './add_host.ts';
import { groupByModule } from './group_by.ts';
import { pauseModule } from './pause.ts';
import { setStatsModule } from './set_stats.ts';

/** Controller-side modules that change the run itself: pause, add_host, group_by, set_stats */
export const runtimeModules: ModuleDefinition[] = [pauseModule, addHostModule, groupByModule, setStatsModule];
