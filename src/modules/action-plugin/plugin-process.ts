// One python3 on the controller running one action plugin: JSON lines over two pipes (fd 3 in,
// fd 4 out; the plugin's stdout and stderr stay apart, so a print() cannot break the protocol).
// The first line carries the task, arguments included: secrets go over the pipe, never in argv
// or the environment. Each request the plugin makes is answered before it goes on.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { BRIDGE_BOOTSTRAP } from './bridge-bootstrap.ts';

export type PluginRequest = { op: string } & Record<string, unknown>;
/** What answers one request: its value, or an error the plugin sees raised (kind picks the class). */
export type PluginReply = { value: unknown } | { error: string; kind?: string };

/** How the run ended: the plugin's result, or why there is none (python missing, crashed). */
export type PluginOutcome = { result: Record<string, unknown> } | { problem: string };

const STDERR_KEPT = 2000;

/** The controller's python: the PATH's python3, as the user's shell would pick it. */
export const CONTROLLER_PYTHON = 'python3';

// The interpreter the PATH's python3 turned out to be (its sys.executable), started directly
// from then on: a version manager's shim (pyenv's costs ~130 ms a start) is passed through once.
let resolvedPython: string | undefined;

/** A reply as one JSON line; a value JSON cannot carry (a cycle) is refused, not thrown. */
function serialized(reply: PluginReply): string {
  try {
    return JSON.stringify(reply);
  } catch (err) {
    return JSON.stringify({ error: `the value cannot be sent to the plugin: ${(err as Error).message}` });
  }
}

export function runPluginProcess(start: Record<string, unknown>, answer: (request: PluginRequest) => Promise<PluginReply>): Promise<PluginOutcome> {
  return new Promise((resolve) => {
    const child = spawn(resolvedPython ?? CONTROLLER_PYTHON, ['-c', BRIDGE_BOOTSTRAP], { stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] });
    const toPython = child.stdio[3] as Writable;
    const fromPython = child.stdio[4] as Readable;
    let stderr = '';
    let settled = false;
    const finish = (outcome: PluginOutcome) => {
      if (settled) return;
      settled = true;
      toPython.end();
      resolve(outcome);
    };
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEPT * 4) stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      finish({
        problem: err.code === 'ENOENT' ? `${CONTROLLER_PYTHON} was not found on the controller's PATH` : `${CONTROLLER_PYTHON} could not start: ${err.message}`,
      }),
    );
    toPython.on('error', () => undefined); // python gone: its exit says why
    child.on('close', (code, signal) => {
      const tail = stderr.trim().slice(-STDERR_KEPT);
      finish({ problem: `${CONTROLLER_PYTHON} stopped without a result (${signal ? `signal ${signal}` : `exit code ${code}`})${tail ? `: ${tail}` : ''}` });
    });
    // Requests are answered one at a time, in order: the plugin waits for each reply.
    let queue = Promise.resolve();
    createInterface({ input: fromPython }).on('line', (line) => {
      queue = queue.then(async () => {
        if (settled) return;
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return finish({ problem: `the bridge wrote a line that is not JSON: ${line.slice(0, 200)}` });
        }
        if ('done' in message) {
          if (typeof message.python === 'string' && message.python.startsWith('/')) resolvedPython ??= message.python;
          return finish({ result: (message.done ?? {}) as Record<string, unknown> });
        }
        const reply = await answer(message as PluginRequest).catch((err: Error) => ({ error: err.message }));
        toPython.write(`${serialized(reply)}\n`);
      });
    });
    toPython.write(`${JSON.stringify(start)}\n`);
  });
}
