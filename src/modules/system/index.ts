import type { ModuleDefinition } from '../module.ts';
import { aptModule, packageModule } from './apt.ts';
import { cronModule } from './cron.ts';
import { fetchModule } from './fetch.ts';
import { getentModule } from './getent.ts';
import { sysctlModule } from './sysctl.ts';
import { packageFactsModule } from './package_facts.ts';
import { serviceFactsModule } from './service_facts.ts';
import { hostnameModule } from './hostname.ts';
import { pingModule } from './ping.ts';
import { tempfileModule } from './tempfile.ts';
import { timezoneModule } from './timezone.ts';
import { mountModule } from './mount.ts';
import { serviceModule, systemdModule, systemdServiceModule } from './service.ts';
import { setupModule } from './setup.ts';
import { slurpModule } from './slurp.ts';
import { groupModule, userModule } from './user.ts';
import { waitForModule } from './wait_for.ts';

/** apt, package, service, systemd, user, group, hostname, wait_for, slurp, fetch, setup, ping, tempfile, getent, sysctl, cron, service_facts, package_facts, timezone, mount */
export const systemModules: ModuleDefinition[] = [
  aptModule,
  packageModule,
  serviceModule,
  systemdModule,
  systemdServiceModule,
  userModule,
  groupModule,
  hostnameModule,
  waitForModule,
  slurpModule,
  fetchModule,
  setupModule,
  pingModule,
  tempfileModule,
  getentModule,
  sysctlModule,
  cronModule,
  serviceFactsModule,
  packageFactsModule,
  timezoneModule,
  mountModule,
];
