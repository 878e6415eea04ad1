// package_facts: installed Debian packages as ansible_facts.packages, shaped as Ansible's apt
// backend: name -> [{name, version, arch, category, source: 'apt'}]. One dpkg-query. Read-only.
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface PackageFactsArgs {
  manager?: string | string[];
  strategy?: 'first' | 'all';
}

export function parseDpkgQuery(out: string): Record<string, Array<Record<string, string>>> {
  const packages: Record<string, Array<Record<string, string>>> = {};
  for (const line of out.split('\n')) {
    const [status, name, version, arch, category] = line.split('\t');
    if (!name || !status?.startsWith('ii')) continue;
    (packages[name] ??= []).push({ name, version: version ?? '', arch: arch ?? '', category: category ?? '', source: 'apt' });
  }
  return packages;
}

export const packageFactsModule: ModuleDefinition<PackageFactsArgs, Record<string, unknown>> = {
  name: 'package_facts',
  argsSchema: {
    type: 'object',
    description: 'Return the installed packages as ansible_facts.packages (Debian: dpkg).',
    properties: {
      manager: { type: ['string', 'array'], items: { type: 'string' }, default: ['auto'], description: 'auto, apt or dpkg (warren reads dpkg)' },
      strategy: { enum: ['first', 'all'], default: 'first' },
    },
    additionalProperties: false,
  },
  async probe(ctx, args) {
    const managers = Array.isArray(args.manager) ? args.manager : [args.manager ?? 'auto'];
    const unsupported = managers.filter((m) => !['auto', 'apt', 'dpkg'].includes(m));
    if (unsupported.length === managers.length) throw new ModuleFailure(`package_facts: warren reads only apt/dpkg packages, not ${unsupported.join(', ')}`);
    const res = await ctx.target.run("dpkg-query -W -f='${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${Architecture}\\t${Section}\\n'");
    if (res.code === 127) throw new ModuleFailure('Could not detect a supported package manager from the following list: apt, dpkg');
    if (res.code !== 0) throw new ModuleFailure(`dpkg-query failed: ${res.stderr.trim()}`, { rc: res.code });
    return { ansible_facts: { packages: parseDpkgQuery(res.stdout) } };
  },
  plan(result) {
    return { changed: false, result };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};
