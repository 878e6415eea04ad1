import type { ModuleDefinition } from '../module.ts';
import { getUrlModule } from './get_url.ts';
import { iptablesModule } from './iptables.ts';
import { uriModule } from './uri.ts';

/** get_url, uri: HTTP made from the host; iptables: the host's packet filter */
export const netModules: ModuleDefinition[] = [getUrlModule, uriModule, iptablesModule];
