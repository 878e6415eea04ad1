// Progress for the slow steps: listr2 on a terminal, one plain line per event otherwise (CI logs, pipes).
import { Listr } from 'listr2';
import { LabError } from './exec.ts';

export interface LabStep {
  title: string;
  /** `note` updates the step's line (listr2) or prints an indented line (plain) */
  run: (note: (text: string) => void) => Promise<string | void>;
}

export interface LabProgress {
  step(step: LabStep): Promise<void>;
  /** runs every step even when some fail, then throws one error naming all failures */
  parallel(title: string, steps: LabStep[]): Promise<void>;
}

function seconds(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

export function plainProgress(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): LabProgress {
  const one = async (step: LabStep, indent = ''): Promise<void> => {
    const start = Date.now();
    const summary = await step.run((text) => write(`${indent}  ${step.title}: ${text}`));
    write(`${indent}ok: ${step.title}${summary ? ` (${summary})` : ''} [${seconds(start)}]`);
  };
  return {
    step: (step) => one(step),
    async parallel(title, steps) {
      write(`${title}...`);
      const results = await Promise.allSettled(steps.map((step) => one(step, '  ')));
      throwFailures(title, steps, results);
    },
  };
}

function throwFailures(title: string, steps: LabStep[], results: PromiseSettledResult<void>[]): void {
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' ? [`${steps[index]!.title}: ${(result.reason as Error)?.message ?? result.reason}`] : [],
  );
  // The first three in full (with their log tails), the rest by name only, so 50 failures stay readable.
  if (failures.length > 0) {
    const rest = failures.slice(3).map((failure) => failure.split('\n')[0]);
    throw new LabError(`${title}: ${failures.length} of ${steps.length} failed\n${[...failures.slice(0, 3), ...rest].join('\n')}`);
  }
}

export function listrProgress(): LabProgress {
  const task = (step: LabStep) => ({
    title: step.title,
    task: async (_: unknown, item: { output: string; title: string }) => {
      const start = Date.now();
      const summary = await step.run((text) => (item.output = text));
      item.title = `${step.title}${summary ? ` (${summary})` : ''} [${seconds(start)}]`;
    },
  });
  return {
    async step(step) {
      await new Listr([task(step)], { rendererOptions: { collapseErrors: false } }).run();
    },
    async parallel(title, steps) {
      const results: PromiseSettledResult<void>[] = steps.map(() => ({ status: 'fulfilled', value: undefined }));
      const wrapped = steps.map((step, index) => ({
        ...step,
        run: async (note: (text: string) => void) => {
          try {
            return await step.run(note);
          } catch (error) {
            results[index] = { status: 'rejected', reason: error };
            throw error;
          }
        },
      }));
      await new Listr([{ title, task: (_: unknown, parent) => parent.newListr(wrapped.map(task), { concurrent: true, exitOnError: false }) }], {
        exitOnError: false,
        rendererOptions: { collapseSubtasks: false, collapseErrors: false },
      }).run();
      throwFailures(title, steps, results);
    },
  };
}

export function defaultProgress(): LabProgress {
  return process.stdout.isTTY ? listrProgress() : plainProgress();
}
