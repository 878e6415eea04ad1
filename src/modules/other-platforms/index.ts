// Ansible builtins for RPM-based systems. Multi-distro roles guard them with `when:`; warren
// loads such tasks and refuses them only if one is actually reached, naming the Debian module.
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

const DEBIAN_EQUIVALENT: Record<string, string> = { yum: 'apt', dnf: 'apt', yum_repository: 'apt_repository', rpm_key: 'apt_key' };

function otherPlatformModule(name: string): ModuleDefinition<Record<string, unknown>, never> {
  return {
    name,
    argsSchema: { type: 'object' },
    async probe() {
      throw new ModuleFailure(`${name} manages RPM-based systems; warren supports Debian hosts (use ${DEBIAN_EQUIVALENT[name]})`);
    },
    plan: () => ({ changed: false }),
    async apply() {
      return { changed: false };
    },
  };
}

export const otherPlatformModules = Object.keys(DEBIAN_EQUIVALENT).map(otherPlatformModule);
