import type { Vars } from '../core/vars.ts';
import type { HostKeyPolicy } from '../connection/options.ts';

/** Everything the CLI hands the runner, already parsed and typed. */
export interface RunOptions {
  playbook: string;
  inventories: string[];
  limit?: string;
  tags: string[]; // empty = all
  skipTags: string[];
  check: boolean;
  diff: boolean;
  extraVars: Vars;
  forks: number;
  connection?: string; // -c local|ssh
  user?: string; // -u
  privateKey?: string; // --private-key
  become?: boolean; // -b
  becomeUser?: string;
  becomePassword?: string; // from -K prompt
  hostKeyPolicy?: HostKeyPolicy;
  listHosts: boolean;
  listTasks: boolean;
  listTags: boolean;
  syntaxCheck: boolean;
  startAtTask?: string;
  forceHandlers: boolean;
  verbosity: number;
  json: boolean;
  vaultPasswordFile?: string;
}

export function defaultRunOptions(playbook: string): RunOptions {
  return {
    playbook,
    inventories: [],
    tags: [],
    skipTags: [],
    check: false,
    diff: false,
    extraVars: {},
    forks: 50,
    listHosts: false,
    listTasks: false,
    listTags: false,
    syntaxCheck: false,
    forceHandlers: false,
    verbosity: 0,
    json: false,
  };
}
