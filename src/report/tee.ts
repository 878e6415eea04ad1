// Several reporters behind one: the one that owns stdout plus file writers such as --report.
import type { Reporter, RunEvent } from './events.ts';

export class TeeReporter implements Reporter {
  constructor(private readonly reporters: Reporter[]) {}

  handle(event: RunEvent): void {
    for (const r of this.reporters) r.handle(event);
  }

  async close(): Promise<void> {
    for (const r of this.reporters) await r.close?.();
  }
}
