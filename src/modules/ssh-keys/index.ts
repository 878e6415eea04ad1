import type { ModuleDefinition } from '../module.ts';
import { authorizedKeyModule } from './authorized_key.ts';
import { knownHostsModule } from './known_hosts.ts';

/** authorized_key, known_hosts */
export const sshKeyModules: ModuleDefinition[] = [authorizedKeyModule, knownHostsModule];
