// The `timeout` task keyword: every command the module runs is killed at the task's deadline
// (the transports' timeoutMs), and the task fails with Ansible's message. A hung command can
// no longer block a run forever.
import type { Connection, ExecOptions } from '../connection/connection.ts';
import type { ModuleResult } from '../modules/module.ts';

export class TaskTimeout extends Error {
  constructor(
    readonly seconds: number,
    action: string,
  ) {
    super(`The ${action} action failed to execute in the expected time frame (${seconds}) and was terminated`);
  }
}

/** A connection whose commands may run only until `deadline` (ms since the epoch). */
export function connectionUntil(conn: Connection, deadline: number): Connection {
  const remaining = () => Math.max(1, deadline - Date.now());
  return {
    host: conn.host,
    connect: () => conn.connect(),
    exec: (command: string, options: ExecOptions = {}) => {
      const left = remaining();
      return conn.exec(command, { ...options, timeoutMs: options.timeoutMs === undefined ? left : Math.min(options.timeoutMs, left) });
    },
    put: (content, path, options) => conn.put(content, path, options),
    get: (path, options) => conn.get(path, options),
    close: () => conn.close(),
  };
}

/** Runs `work` (the module, on a connectionUntil) and fails with TaskTimeout at `seconds`. */
export async function withinSeconds(seconds: number, action: string, work: (deadline: number) => Promise<ModuleResult>): Promise<ModuleResult> {
  const deadline = Date.now() + seconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TaskTimeout(seconds, action)), seconds * 1000 + 50);
  });
  try {
    const result = await Promise.race([work(deadline), expired]);
    // a command killed at the deadline is the timeout too, whatever the module made of it
    if (Date.now() >= deadline) throw new TaskTimeout(seconds, action);
    return result;
  } finally {
    clearTimeout(timer);
  }
}
