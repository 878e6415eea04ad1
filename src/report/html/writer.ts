// --report DIR: when the run ends, DIR/run.json (the --json record plus timings) and
// DIR/report.html (self-contained page drawn from it).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reporter, RunEvent } from '../events.ts';
import { ReportRecorder, type ReportMeta, type ReportRecord } from '../record.ts';
import { renderReportPage } from './page.ts';
import { buildView } from './view.ts';

export function reportHtml(record: ReportRecord): string {
  return renderReportPage(buildView(record));
}

export class ReportWriter implements Reporter {
  private readonly recorder: ReportRecorder;

  constructor(
    private readonly dir: string,
    meta: ReportMeta,
  ) {
    this.recorder = new ReportRecorder(meta);
  }

  handle(event: RunEvent): void {
    this.recorder.handle(event);
  }

  async close(): Promise<void> {
    const record = await this.recorder.record();
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
    await writeFile(join(this.dir, 'report.html'), reportHtml(record));
    process.stderr.write(`report: ${join(this.dir, 'report.html')}\n`);
  }
}
