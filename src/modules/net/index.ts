import type { ModuleDefinition } from '../module.ts';
import { getUrlModule } from './get_url.ts';
import { uriModule } from './uri.ts';

/** get_url, uri: HTTP made from the host */
export const netModules: ModuleDefinition[] = [getUrlModule, uriModule];
