// --list-hosts, --list-tasks, --list-tags, --syntax-check: Ansible-like listings, no host contacted.
import type { IncludeTask, ModuleTask, Play, TaskNode } from '../load/model.ts';
import { effectiveTask, enterBlock, inheritFrom, rootInherited, type Inherited } from './inherit.ts';
import { shouldRunTags, type TagSelection } from './tags.ts';
import { taskDisplayName } from './outcome.ts';
import { includeDisplayName } from './includes.ts';
import { META_ACTION } from '../load/actions.ts';

export interface ListingRequest {
  hosts: boolean;
  tasks: boolean;
  tags: boolean;
}

interface ListedTask {
  task: ModuleTask | IncludeTask;
  inh: Inherited;
}

function collect(nodes: readonly TaskNode[], inh: Inherited, out: ListedTask[]): void {
  for (const node of nodes) {
    if (node.kind === 'task') {
      if (node.module !== META_ACTION) out.push({ task: node, inh: effectiveTask(inh, node) });
      continue;
    }
    if (node.kind === 'include') {
      // as ansible-playbook --list-tasks: the include itself; what it includes is known at run time
      out.push({ task: node, inh: inheritFrom(inh, { ...node, vars: undefined }) });
      continue;
    }
    const inner = enterBlock(inh, node);
    collect(node.block, inner, out);
    collect(node.rescue, inner, out);
    collect(node.always, inner, out);
  }
}

export function listedTasks(play: Play, selection: TagSelection): ListedTask[] {
  const out: ListedTask[] = [];
  collect([...play.pre_tasks, ...play.roles, ...play.tasks, ...play.post_tasks], rootInherited(play), out);
  return out.filter((t) => shouldRunTags(t.inh.tags, selection));
}

const tagList = (tags: Iterable<string>) => `[${[...new Set(tags)].sort().join(', ')}]`;

export function formatListing(playbookPath: string, plays: Play[], hostsOf: (play: Play) => string[], selection: TagSelection, what: ListingRequest): string {
  const lines = ['', `playbook: ${playbookPath}`];
  plays.forEach((play, i) => {
    lines.push('', `  play #${i + 1} (${play.hosts}): ${play.name}\tTAGS: ${tagList(play.tags)}`);
    if (what.hosts) {
      const hosts = hostsOf(play);
      lines.push(`    pattern: ['${play.hosts}']`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h}`));
    }
    const tasks = listedTasks(play, selection);
    if (what.tasks) {
      lines.push('    tasks:');
      for (const { task, inh } of tasks) {
        const shown = task.kind === 'include' ? includeDisplayName(task) : taskDisplayName(task);
        const name = inh.role ? `${inh.role.name} : ${shown}` : shown;
        const own = inh.tags.filter((t) => !play.tags.includes(t));
        lines.push(`      ${name}\tTAGS: ${tagList(own)}`);
      }
    }
    if (what.tags) lines.push(`      TASK TAGS: ${tagList(tasks.flatMap((t) => t.inh.tags))}`);
  });
  return `${lines.join('\n')}\n`;
}
