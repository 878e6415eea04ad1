// Read-only probe answers shared by the tasks of one run (e.g. a broker's whole state, read once
// per host instead of once per task). Any task that may have changed something forgets every
// host's answers: a change on one cluster node changes what the other nodes report too.
import type { ProbeCache } from '../modules/module.ts';

export class RunProbeCache {
  private readonly answers = new Map<string, Promise<unknown>>();

  /** The cache a task sees: keys scoped to the machine it runs on and how it runs there (become user, environment). */
  scoped(machine: string, how: string): ProbeCache {
    return {
      remember: <T>(key: string, read: () => Promise<T>): Promise<T> => {
        const full = `${machine}\0${how}\0${key}`;
        let answer = this.answers.get(full) as Promise<T> | undefined;
        if (!answer) {
          answer = read();
          this.answers.set(full, answer);
          // A read that failed is read again next time, not remembered.
          answer.catch(() => this.answers.get(full) === answer && this.answers.delete(full));
        }
        return answer;
      },
      peek: <T>(key: string) => this.answers.get(`${machine}\0${how}\0${key}`) as Promise<T> | undefined,
      forget: () => this.forget(),
    };
  }

  forget(): void {
    this.answers.clear();
  }
}
