// Ansible modules for RPM-based and Windows systems. Multi-platform roles guard them with `when:`
// (or reach them only through an include for that platform); warren loads such tasks and refuses
// them only if one is actually reached, naming the Debian module.
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

const DEBIAN_EQUIVALENT: Record<string, { platform: string; use: string }> = {
  yum: { platform: 'RPM-based systems', use: 'apt' },
  dnf: { platform: 'RPM-based systems', use: 'apt' },
  yum_repository: { platform: 'RPM-based systems', use: 'apt_repository' },
  rpm_key: { platform: 'RPM-based systems', use: 'apt_key' },
  win_file: { platform: 'Windows hosts', use: 'file' },
  win_tempfile: { platform: 'Windows hosts', use: 'tempfile' },
};

function otherPlatformModule(name: string): ModuleDefinition<Record<string, unknown>, never> {
  const { platform, use } = DEBIAN_EQUIVALENT[name]!;
  return {
    name,
    argsSchema: { type: 'object' },
    async probe() {
      throw new ModuleFailure(`${name} manages ${platform}; warren supports Debian hosts (use ${use})`);
    },
    plan: () => ({ changed: false }),
    async apply() {
      return { changed: false };
    },
  };
}

export const otherPlatformModules = Object.keys(DEBIAN_EQUIVALENT).map(otherPlatformModule);
