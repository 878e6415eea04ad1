import type { ModuleDefinition } from '../module.ts';
/** apt, package, service, systemd, user, group, hostname, wait_for, slurp, fetch, setup */
export const systemModules: ModuleDefinition[] = [];
