// --report DIR (run-playbook, warren run, warren adhoc): the reporter that owns stdout, plus one
// that writes DIR/report.html and DIR/run.json when the run ends.
import type { Reporter } from '../report/events.ts';
import type { RunOptions } from '../run/options.ts';

export interface ReportContext {
  command: string[];
  options: RunOptions;
}

export async function withReport(stdout: Reporter, dir: string | undefined, ctx: ReportContext): Promise<Reporter> {
  if (!dir) return stdout;
  const [{ TeeReporter }, { ReportWriter }, { redactCommand }] = await Promise.all([
    import('../report/tee.ts'),
    import('../report/html/writer.ts'),
    import('../report/record.ts'),
  ]);
  const writer = new ReportWriter(dir, {
    command: redactCommand(ctx.command),
    playbook: ctx.options.playbook,
    check: ctx.options.check,
    diff: ctx.options.diff,
  });
  return new TeeReporter([stdout, writer]);
}
