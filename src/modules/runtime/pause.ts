// pause: waits a number of seconds or minutes on the controller, or for Enter on the terminal.
// Without a terminal a prompt with no duration does not wait, as Ansible does (with a warning).
// Runs once per batch (Ansible's BYPASS_HOST_LOOP) and in check mode too.
import { createInterface } from 'node:readline';
import type { ModuleDefinition } from '../module.ts';
import { ModuleFailure } from '../module.ts';

export interface PauseArgs {
  seconds?: number | string;
  minutes?: number | string;
  prompt?: string;
  echo?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function whole(value: number | string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new ModuleFailure(`argument '${name}' is of type str and we were unable to convert to int: ${value}`);
  return Math.trunc(n);
}

function askLine(label: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) =>
    rl.question(label, (answer) => {
      rl.close();
      resolve(answer);
    }),
  );
}

function localTimestamp(d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds() * 1000, 6)}`;
}

export const pauseModule: ModuleDefinition<PauseArgs, Record<string, unknown>> = {
  name: 'pause',
  controllerOnly: true,
  bypassHostLoop: true,
  argsSchema: {
    type: 'object',
    description: 'Pause for a time, or until Enter is pressed on the terminal.',
    properties: {
      seconds: { type: ['integer', 'number', 'string'], description: 'seconds to wait (at least 1)' },
      minutes: { type: ['integer', 'number', 'string'], description: 'minutes to wait' },
      prompt: { type: 'string', description: 'text shown while waiting for input' },
      echo: { type: 'boolean', default: true, description: 'show what is typed at the prompt' },
    },
    not: { required: ['seconds', 'minutes'] },
    additionalProperties: false,
  },
  // Waiting reads nothing and changes nothing, so it is the probe: it happens in check mode too.
  probe(_ctx, args) {
    return pauseNow(args);
  },
  plan(result) {
    return { changed: false, result };
  },
  async apply(_ctx, _args, plan) {
    return { ...plan.result, changed: false };
  },
};

async function pauseNow(args: PauseArgs, isTTY = !!process.stdin.isTTY): Promise<Record<string, unknown>> {
  const minutes = whole(args.minutes, 'minutes');
  let seconds = minutes !== undefined ? minutes * 60 : whole(args.seconds, 'seconds');
  const unit = minutes !== undefined ? 'minutes' : 'seconds';
  const echo = args.echo !== false;
  const started = Date.now();
  const start = localTimestamp(new Date());
  let userInput = '';
  const warnings: string[] = [];
  if (seconds !== undefined) {
    seconds = Math.max(seconds, 1);
    await sleep(seconds * 1000);
  } else if (isTTY) {
    userInput = await askLine(`${args.prompt ?? 'Press enter to continue, Ctrl+C to interrupt'}${echo ? '' : ' (output is hidden)'}:`);
  } else {
    warnings.push('Not waiting for response to prompt as stdin is not interactive');
  }
  const elapsed = (Date.now() - started) / 1000;
  const shown = unit === 'minutes' ? Math.round((elapsed / 60) * 100) / 100 : Math.round(elapsed * 100) / 100;
  return {
    rc: 0,
    stderr: '',
    stdout: `Paused for ${shown} ${unit}`,
    start,
    stop: localTimestamp(new Date()),
    delta: Math.trunc(elapsed),
    echo,
    user_input: userInput,
    ...(warnings.length ? { warnings } : {}),
  };
}
