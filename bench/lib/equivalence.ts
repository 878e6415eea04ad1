// Equivalence of the workloads: after each tool's first run, every host's /opt/warren-bench is
// listed (path, type, mode, owner:group, link target, SHA-256 of every file) and compared with
// the tree warren wrote on the same host.
import { labConnection } from './floor.ts';
import type { BenchLab } from './inventory.ts';
import type { Tool } from './tools.ts';

export const benchDir = '/opt/warren-bench';

const listing = [
  `cd ${benchDir} || exit 1`,
  "find . -printf '%p %y %m %u:%g %l\\n' | LC_ALL=C sort",
  'find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum',
].join('\n');

/** host -> the tree's listing */
export type Trees = Map<string, string>;

export async function snapshotTrees(lab: BenchLab, hosts: number): Promise<Trees> {
  const names = lab.hosts.slice(0, hosts);
  const listings = await Promise.all(
    names.map(async (host) => {
      const conn = labConnection(lab, host, 'channel');
      try {
        const r = await conn.exec(listing);
        if (r.code !== 0) throw new Error(`${host}: listing ${benchDir} exited with ${r.code}: ${r.stderr.trim()}`);
        return r.stdout;
      } finally {
        await conn.close();
      }
    }),
  );
  return new Map(names.map((host, index) => [host, listings[index]!]));
}

export interface Equivalence {
  tool: Tool;
  hosts: number;
  /** hosts whose tree is the same as warren's */
  same: number;
  /** the first host that differs: lines only in the tool's tree (+) and only in warren's (-) */
  difference?: { host: string; lines: string[] };
}

export function compareTrees(tool: Tool, hosts: number, reference: Trees, trees: Trees): Equivalence {
  let same = 0;
  let difference: Equivalence['difference'];
  for (const [host, text] of reference) {
    const other = trees.get(host) ?? '';
    if (other === text) {
      same++;
      continue;
    }
    if (difference) continue;
    const mine = new Set(text.split('\n'));
    const theirs = new Set(other.split('\n'));
    const lines = [...[...theirs].filter((l) => !mine.has(l)).map((l) => `+ ${l}`), ...[...mine].filter((l) => !theirs.has(l)).map((l) => `- ${l}`)];
    difference = { host, lines };
  }
  return { tool, hosts, same, difference };
}
