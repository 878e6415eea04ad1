// Ctrl-C for commands on an SSH host. Every exec channel runs in its own process group (sshd
// calls setsid for each session), and sshd honours the channel "signal" request with killpg as
// the login user: that stops a login user's command and all it started. Commands run through
// sudo belong to root (or the become user), which the login user may not signal; those groups
// are found by sudo's unique prompt in its argv and signalled as the become user, over a fresh
// channel, before the login user's signal makes sudo exit and hide its group.
import type { BecomeOptions } from './connection.ts';

/** ssh2 names signals without the SIG prefix */
export function sshSignalName(signal: NodeJS.Signals): string {
  return signal.replace(/^SIG/, '');
}

/** A script that signals the process groups of the sudo processes showing these prompts, and
 * the groups an earlier Ctrl-C found; it prints the groups it found. */
export function killSudoGroupsScript(prompts: string[], signal: NodeJS.Signals, knownGroups: number[] = []): string {
  // '[w]arren' matches the prompts but not this script's own text in sudo's argv
  const ids = prompts.map((p) => /warren-sudo-password-([0-9a-f]+)/.exec(p)?.[1]).filter((id): id is string => id !== undefined);
  const pattern = `[w]arren-sudo-password-(${ids.join('|')})`;
  const sig = sshSignalName(signal);
  // one grep over every argv (a loop of forks per process takes seconds on a busy host)
  return [
    ...knownGroups.map((g) => `kill -s ${sig} -- -${g} 2>/dev/null`),
    `for f in $(grep -laE '${pattern}' /proc/[0-9]*/cmdline 2>/dev/null); do`,
    // /proc/PID/stat: pid (comm) state ppid pgrp ...; sudo's and sh's comm have no spaces
    `  read -r _ _ _ _ g _ < "\${f%/cmdline}/stat" && [ "$g" -gt 1 ] && kill -s ${sig} -- "-$g" 2>/dev/null && echo "$g"`,
    'done',
    'exit 0',
  ].join('\n');
}

/** One entry per sudo prompt in use: the become options its command runs under. */
export type SudoRuns = Map<string, BecomeOptions>;

/** Groups the prompts by become user, so one command per user signals them all. */
export function promptsByBecome(runs: SudoRuns): Array<{ become: BecomeOptions; prompts: string[] }> {
  const groups = new Map<string, { become: BecomeOptions; prompts: string[] }>();
  for (const [prompt, become] of runs) {
    const key = `${become.user || 'root'}\0${become.method ?? ''}\0${become.password ?? ''}`;
    const group = groups.get(key) ?? { become, prompts: [] };
    group.prompts.push(prompt);
    groups.set(key, group);
  }
  return [...groups.values()];
}
