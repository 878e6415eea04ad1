// The crontab edit of Ansible's cron module, line for line: a job is a `#Ansible: NAME` comment
// followed by its line; env variables are NAME="value" lines.
export interface CronEditArgs {
  name: string;
  job?: string;
  state?: 'present' | 'absent';
  minute?: string;
  hour?: string;
  day?: string;
  month?: string;
  weekday?: string;
  special_time?: string;
  disabled?: boolean;
  env?: boolean;
  insertafter?: string;
  insertbefore?: string;
}

const MARK = '#Ansible: ';
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class CronTab {
  lines: string[];

  constructor(
    readonly existing: string,
    /** user column of cron_file lines (undefined for a user's crontab) */
    readonly fileUser: string | undefined,
  ) {
    this.lines = existing.split(/\r?\n/);
    if (this.lines.at(-1) === '') this.lines.pop();
  }

  render(): string {
    const text = this.lines.join('\n');
    return text ? `${text.replace(/[\r\n]+$/, '')}\n` : '';
  }

  isEmpty(): boolean {
    return this.lines.every((l) => !l.trim());
  }

  jobLine(a: CronEditArgs): string {
    const job = (a.job ?? '').replace(/^[\r\n]+|[\r\n]+$/g, '');
    const prefix = a.disabled ? '#' : '';
    const user = this.fileUser !== undefined ? ` ${this.fileUser}` : '';
    if (a.special_time) return `${prefix}@${a.special_time}${user} ${job}`;
    return `${prefix}${a.minute ?? '*'} ${a.hour ?? '*'} ${a.day ?? '*'} ${a.month ?? '*'} ${a.weekday ?? '*'}${user} ${job}`;
  }

  findJob(name: string, job?: string): string[] {
    let comment: string | undefined;
    for (const l of this.lines) {
      if (comment !== undefined) {
        if (comment === name) return [comment, l];
        comment = undefined;
      } else if (l.startsWith(MARK)) comment = l.slice(MARK.length);
    }
    if (job) {
      for (let i = 0; i < this.lines.length; i++) {
        if (this.lines[i] !== job) continue;
        const prev = this.lines[i - 1] ?? '';
        if (!prev.startsWith(MARK)) {
          this.lines.splice(i, 0, MARK + name);
          return [this.lines[i]!, job, 'adopted'];
        }
        if (name && prev === `${MARK}None`) {
          this.lines[i - 1] = MARK + name;
          return [this.lines[i - 1]!, job, 'adopted'];
        }
      }
    }
    return [];
  }

  /** Replaces (job given) or removes (undefined) the line after each `#Ansible: name`. */
  updateJob(name: string, job: string | undefined): void {
    const out: string[] = [];
    let comment: string | undefined;
    for (const l of this.lines) {
      if (comment !== undefined) {
        if (job !== undefined) out.push(comment, job);
        comment = undefined;
      } else if (l === MARK + name) comment = l;
      else out.push(l);
    }
    this.lines = out;
  }

  findEnv(name: string): [number, string] | undefined {
    const re = new RegExp(`^${escapeRe(name)}=`);
    const i = this.lines.findIndex((l) => re.test(l));
    return i < 0 ? undefined : [i, this.lines[i]!];
  }

  updateEnv(name: string, decl: string | undefined): void {
    const re = new RegExp(`^${escapeRe(name)}=`);
    this.lines = this.lines.flatMap((l) => (re.test(l) ? (decl === undefined ? [] : [decl]) : [l]));
  }

  jobNames(): string[] {
    return this.lines.filter((l) => l.startsWith(MARK)).map((l) => l.slice(MARK.length));
  }

  envNames(): string[] {
    return this.lines.filter((l) => /^\S+=/.test(l)).map((l) => l.split('=')[0]!);
  }
}

/** Applies the task to the crontab; returns whether it changed (the crontab object holds the result). */
export function editCronTab(tab: CronTab, a: CronEditArgs): boolean {
  const install = (a.state ?? 'present') === 'present';
  let changed = false;
  if (a.env) {
    const decl = `${a.name}="${a.job}"`;
    const old = tab.findEnv(a.name);
    if (install && !old) {
      const other = a.insertafter ?? a.insertbefore;
      if (!other) tab.lines.unshift(decl);
      else {
        const found = tab.findEnv(other);
        if (!found) throw new Error(`Variable named '${other}' not found.`);
        tab.lines.splice(a.insertafter ? found[0] + 1 : found[0], 0, decl);
      }
      changed = true;
    } else if (install && old && old[1] !== decl) {
      tab.updateEnv(a.name, decl);
      changed = true;
    } else if (!install && old) {
      tab.updateEnv(a.name, undefined);
      changed = true;
    }
  } else if (install) {
    const job = tab.jobLine(a);
    const old = tab.findJob(a.name, job);
    if (old.length === 0) {
      tab.lines.push(MARK + a.name, job);
      changed = true;
    } else if (old[1] !== job || old.length > 2) {
      tab.updateJob(a.name, job);
      changed = true;
    }
  } else if (tab.findJob(a.name).length > 0) {
    tab.updateJob(a.name, undefined);
    changed = true;
  }
  if (!changed && tab.existing !== '' && !/[\r\n]$/.test(tab.existing)) changed = true;
  return changed;
}
