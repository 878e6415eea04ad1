// apt: Debian packages. One probe round trip (dpkg-query for every name, plus apt-cache policy for
// state=latest); the cache update is the prepare step: before the probe, never in check mode (as Ansible).
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext, ModuleDefinition, Plan } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { runOrFail } from '../lib/run.ts';
import { splitSections } from '../../core/sections.ts';
import {
  aptChanged,
  aptDiff,
  parseAptPolicy,
  parseDpkgQuery,
  planAptWork,
  requestedPackages,
  splitPin,
  type AptArgs,
  type AptProbe,
  type AptWork,
} from './apt-plan.ts';

const PACKAGE_SPEC = /^[a-z0-9][a-z0-9+.-]*(:[a-z0-9]+)?(=[A-Za-z0-9.+~:*-]+)?$/;
const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };
const APT_GET = 'apt-get -y -q -o DPkg::Lock::Timeout=120';

export const aptArgsSchema = {
  type: 'object',
  properties: {
    name: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    pkg: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    state: { enum: ['present', 'absent', 'latest', 'installed', 'removed'] },
    update_cache: { type: 'boolean' },
    cache_valid_time: { type: 'integer', minimum: 0 },
    deb: { type: 'string', minLength: 1 },
    install_recommends: { type: 'boolean' },
    purge: { type: 'boolean' },
    autoremove: { type: 'boolean' },
    force: { type: 'boolean' },
  },
  additionalProperties: false,
};

/** update_cache: apt-get update unless the cache is younger than cache_valid_time. */
export async function prepareApt(ctx: ModuleContext, args: AptArgs): Promise<{ cache_updated: boolean } | void> {
  if (!args.update_cache) return;
  return { cache_updated: await updateCacheIfStale(ctx, args) };
}

async function updateCacheIfStale(ctx: ModuleContext, args: AptArgs): Promise<boolean> {
  if (args.cache_valid_time) {
    const r = await runOrFail(
      ctx,
      'date +%s; stat -c %Y /var/lib/apt/periodic/update-success-stamp /var/cache/apt/pkgcache.bin 2>/dev/null | sort -n | tail -1',
      'reading the apt cache age',
    );
    const [now, updated] = r.stdout.trim().split('\n').map(Number);
    if (updated && now - updated < args.cache_valid_time) return false;
  }
  await runOrFail(ctx, `${APT_GET} update && mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/update-success-stamp`, 'apt-get update', {
    env: APT_ENV,
  });
  return true;
}

export async function probeApt(ctx: ModuleContext, args: AptArgs): Promise<AptProbe> {
  const specs = requestedPackages(args);
  const bad = specs.find((s) => !PACKAGE_SPEC.test(s));
  if (bad) throw new ModuleFailure(`'${bad}' is not a valid Debian package name`);
  const names = specs.map((s) => shellQuote(splitPin(s).name)).join(' ');
  const deb = args.deb ? shellQuote(args.deb) : '';
  const script = [
    deb ? `echo '@@@ deb'; dpkg-deb -f ${deb} Package Version || exit 3; DEBNAME=$(dpkg-deb -f ${deb} Package)` : 'DEBNAME=',
    `echo '@@@ dpkg'; dpkg-query -W -f='\${Package}\\t\${db:Status-Abbrev}\\t\${Version}\\n' ${names} $DEBNAME 2>/dev/null`,
    args.state === 'latest' && names ? `echo '@@@ policy'; apt-cache policy ${names}` : '',
    args.autoremove ? `echo '@@@ autoremove'; apt-get -s autoremove 2>/dev/null | sed -n 's/^Remv \\([^ ]*\\).*/\\1/p'` : '',
    `echo '@@@ end'; exit 0`,
  ]
    .filter(Boolean)
    .join('\n');
  const r = await ctx.target.run(script, { env: APT_ENV });
  if (r.code === 3) throw new ModuleFailure(`cannot read the package file ${args.deb}: ${r.stderr.trim()}`, { rc: r.code, stderr: r.stderr });
  if (r.code !== 0) throw new ModuleFailure(`probing packages failed: ${r.stderr.trim()}`, { rc: r.code, stderr: r.stderr });
  const s = splitSections(r.stdout);
  const debFields = Object.fromEntries([...(s.get('deb') ?? '').matchAll(/^(\w+): (.*)$/gm)].map((m) => [m[1], m[2].trim()]));
  return {
    packages: parseDpkgQuery(s.get('dpkg') ?? ''),
    candidates: parseAptPolicy(s.get('policy') ?? ''),
    ...(args.deb ? { deb: { name: debFields.Package, version: debFields.Version, path: args.deb } } : {}),
    autoremovable: (s.get('autoremove') ?? '').split('\n').filter(Boolean),
  };
}

export function planApt(probe: AptProbe, args: AptArgs): Plan<AptWork> {
  const work = planAptWork(probe, args);
  const changed = aptChanged(work);
  return {
    changed,
    data: work,
    result: { cache_updated: false }, // prepareApt's value replaces it when it ran
    ...(changed ? { diff: [aptDiff(probe, work)] } : {}),
  };
}

export async function applyApt(ctx: ModuleContext, args: AptArgs, work: AptWork) {
  const outputs: string[] = [];
  const errors: string[] = [];
  const run = async (command: string, what: string) => {
    const r = await runOrFail(ctx, command, what, { env: APT_ENV });
    outputs.push(r.stdout);
    errors.push(r.stderr);
  };
  if (work.install.length) {
    const recommends = args.install_recommends === undefined ? '' : args.install_recommends ? ' -o APT::Install-Recommends=true' : ' --no-install-recommends';
    const pinned = work.install.some((s) => s.includes('=')) ? ' --allow-downgrades' : '';
    await run(
      `${APT_GET} -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold${recommends}${pinned} install ${work.install.map(shellQuote).join(' ')}`,
      'apt-get install',
    );
  }
  if (work.remove.length) await run(`${APT_GET} ${args.purge ? 'purge' : 'remove'} ${work.remove.map(shellQuote).join(' ')}`, 'apt-get remove');
  if (work.autoremove) await run(`${APT_GET} autoremove${args.purge ? ' --purge' : ''}`, 'apt-get autoremove');
  return { changed: true, stdout: outputs.join(''), stderr: errors.join('') };
}

export const aptModule: ModuleDefinition<AptArgs, AptProbe, AptWork> = {
  name: 'apt',
  argsSchema: aptArgsSchema,
  aliases: { pkg: 'name' },
  prepare: prepareApt,
  probe: probeApt,
  plan: planApt,
  async apply(ctx, args, plan) {
    const result = await applyApt(ctx, args, plan.data);
    return { ...plan.result, ...result };
  },
};

export const packageModule: ModuleDefinition<AptArgs & { use?: string }, AptProbe, AptWork> = {
  name: 'package',
  argsSchema: {
    ...aptArgsSchema,
    properties: { ...aptArgsSchema.properties, use: { enum: ['auto', 'apt'] } },
  },
  aliases: { pkg: 'name' },
  prepare: (ctx, { use: _use, ...args }) => prepareApt(ctx, args),
  probe: (ctx, { use: _use, ...args }) => probeApt(ctx, args),
  plan: (probe, { use: _use, ...args }) => planApt(probe, args),
  async apply(ctx, { use: _use, ...args }, plan) {
    return { ...plan.result, ...(await applyApt(ctx, args, plan.data)) };
  },
};
