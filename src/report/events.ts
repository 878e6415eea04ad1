// Events the runner emits; reporters turn them into output. Exactly one reporter owns stdout.
import type { SourceLocation } from '../core/location.ts';
import type { ModuleResult } from '../modules/module.ts';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export type RunEvent =
  | { type: 'playbook_start'; file: string; check: boolean; diff: boolean }
  | { type: 'play_start'; name: string; hosts: string[] }
  | { type: 'task_start'; name: string; role?: string; handler: boolean; loc: SourceLocation; hosts?: string[] }
  | { type: 'play_skipped'; name: string; reason: string } // e.g. no hosts matched
  | {
      type: 'host_result';
      host: string;
      task: string;
      status: HostStatus;
      result: ModuleResult; // already masked (secrets, no_log)
      durationMs: number;
      item?: unknown; // loop item label
      ignored?: boolean; // failed but ignore_errors
      delegatedTo?: string;
      loop?: boolean; // the aggregate of a loop whose items were reported one by one before
      diff?: boolean; // the task ran in diff mode: its result's diff is shown
    }
  | { type: 'warning'; message: string; host?: string }
  | { type: 'error'; message: string } // the run stopped: bad input, options or an internal error
  | { type: 'listing'; text: string } // --list-hosts/--list-tasks/--list-tags/--syntax-check output
  | { type: 'verbose'; level: number; message: string; host?: string }
  | { type: 'recap'; stats: Record<string, HostStats> }
  | { type: 'playbook_end'; exitCode: number; durationMs: number };

export interface Reporter {
  handle(event: RunEvent): void;
  close?(): Promise<void>;
}
