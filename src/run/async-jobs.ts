// async/poll and async_status. The job runs on the controller's side of the connection (the
// module's commands still run on the host): with poll > 0 the task waits for it, checking every
// `poll` seconds; with poll: 0 it returns the job id at once and async_status reports on it.
// Jobs live as long as the run, so a job outlives its task but not warren itself.
import { randomBytes } from 'node:crypto';
import type { ModuleResult } from '../modules/module.ts';

interface Job {
  host: string;
  startedAt: number;
  result?: ModuleResult;
}

export class AsyncJobs {
  private readonly jobs = new Map<string, Job>();

  /** Starts `work` in the background (work enforces the job's `async` limit itself). */
  start(host: string, work: () => Promise<ModuleResult>): string {
    const id = `j${randomBytes(6).toString('hex')}.${process.pid}`;
    const job: Job = { host, startedAt: Date.now() };
    this.jobs.set(id, job);
    void work()
      .then((result) => {
        job.result = result;
      })
      .catch((err: unknown) => {
        job.result = { changed: false, failed: true, msg: (err as Error).message };
      });
    return id;
  }

  /** async_status: finished (with the module's result) or still running. */
  status(id: string, host: string): ModuleResult {
    const job = this.jobs.get(id);
    if (!job || job.host !== host) return { changed: false, failed: true, finished: 1, started: 1, ansible_job_id: id, msg: `could not find job ${id}` };
    if (!job.result) return { changed: false, finished: 0, started: 1, ansible_job_id: id };
    return { ...job.result, finished: 1, started: 1, ansible_job_id: id };
  }

  cleanup(id: string): ModuleResult {
    this.jobs.delete(id);
    return { changed: false, ansible_job_id: id, erased: id };
  }

  /** Waits for the job, checking every pollMs, as Ansible's poll loop does. */
  async wait(id: string, host: string, pollMs: number): Promise<ModuleResult> {
    for (;;) {
      const status = this.status(id, host);
      if (status.finished) return status;
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
