// TTY output with listr2: one listr task per play task, its title updated as host results come.
// Details (failures, diffs) are printed between tasks so they never fight the renderer.
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { Reporter, RunEvent } from './events.ts';
import { PlainReporter, processStreams, type OutputStreams } from './plain.ts';
import { headerLine } from './recap.ts';

type AnyTask = ListrTaskWrapper<unknown, never, never>;

interface ActiveTask {
  title: string;
  counts: Map<string, number>;
  wrapper?: AnyTask;
  finish: (failed: boolean) => void;
  failed: boolean;
  details: string[];
}

export class ProgressReporter implements Reporter {
  private chain: Promise<void> = Promise.resolve();
  private active?: ActiveTask;
  private readonly plain: PlainReporter;
  private readonly detailLines: string[] = [];
  private readonly out: OutputStreams;

  constructor(verbosity: number, streams: OutputStreams = processStreams) {
    this.out = streams;
    // Detail text is collected from the plain reporter and printed when the task ends.
    this.plain = new PlainReporter({ verbosity, color: true, streams: { write: (t) => this.detailLines.push(t), writeErr: (t) => this.detailLines.push(t) } });
  }

  private summary(task: ActiveTask): string {
    const parts = [...task.counts.entries()].map(([status, n]) => `${status}=${n}`);
    return parts.length ? `${task.title}  ${parts.join(' ')}` : task.title;
  }

  private finishActive(): void {
    const task = this.active;
    if (!task) return;
    this.active = undefined;
    task.finish(task.failed);
  }

  private startTask(title: string): void {
    this.finishActive();
    let finish: (failed: boolean) => void = () => undefined;
    const done = new Promise<boolean>((resolve) => (finish = resolve));
    const task: ActiveTask = { title, counts: new Map(), finish: (f) => finish(f), failed: false, details: [] };
    this.active = task;
    const list = new Listr(
      [
        {
          title,
          task: async (_ctx, wrapper) => {
            task.wrapper = wrapper as unknown as AnyTask;
            wrapper.title = this.summary(task);
            const failed = await done;
            wrapper.title = this.summary(task);
            if (failed) throw new Error(this.summary(task));
          },
        },
      ],
      { exitOnError: false, renderer: 'default', rendererOptions: { collapseErrors: true } },
    );
    this.chain = this.chain.then(async () => {
      await list.run().catch(() => undefined);
      this.flushDetails(task);
    });
  }

  private flushDetails(task: ActiveTask): void {
    if (task.details.length) this.out.write(task.details.join(''));
  }

  private takeDetails(event: RunEvent): string {
    this.detailLines.length = 0;
    this.plain.handle(event);
    return this.detailLines.join('');
  }

  handle(event: RunEvent): void {
    switch (event.type) {
      case 'play_start':
        this.finishActive();
        this.chain = this.chain.then(() => void this.out.write(`\n${headerLine(`PLAY [${event.name}]`)}\n`));
        return;
      case 'task_start':
        this.startTask(`${event.handler ? 'RUNNING HANDLER' : 'TASK'} [${event.role ? `${event.role} : ` : ''}${event.name}]`);
        return;
      case 'host_result': {
        const task = this.active;
        const text = this.takeDetails(event);
        if (!task) return;
        if (!event.loop) task.counts.set(event.status, (task.counts.get(event.status) ?? 0) + 1);
        if ((event.status === 'failed' && !event.ignored) || event.status === 'unreachable') task.failed = true;
        // Only what a person must read stays on screen: failures, diffs, debug output.
        const interesting = event.status === 'failed' || event.status === 'unreachable' || (event.diff && event.result.diff) || text.includes('=> {\n');
        if (interesting) task.details.push(text);
        if (task.wrapper) task.wrapper.title = this.summary(task);
        return;
      }
      default: {
        const text = this.takeDetails(event);
        if (!text) return;
        this.finishActive();
        this.chain = this.chain.then(() => void this.out.write(text));
      }
    }
  }

  async close(): Promise<void> {
    this.finishActive();
    await this.chain;
  }
}
