// Picks the reporter that owns stdout: JSON record, listr2 progress on a TTY, or plain lines.
import type { Reporter } from './events.ts';
import { JsonReporter } from './json.ts';
import { PlainReporter } from './plain.ts';
import { ProgressReporter } from './progress.ts';

export function createReporter(options: { json: boolean; verbosity: number }, isTTY = !!process.stdout.isTTY): Reporter {
  if (options.json) return new JsonReporter();
  // -v and above want the full line output, as ansible-playbook prints it.
  if (isTTY && options.verbosity === 0) return new ProgressReporter(options.verbosity);
  return new PlainReporter({ verbosity: options.verbosity, color: isTTY });
}
