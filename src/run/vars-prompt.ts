// vars_prompt: asked once per play before it starts, on the terminal. A variable given with -e
// is not asked (as in Ansible); without a terminal the default is used, and a prompt with no
// default is a clear error instead of a hang.
import { createInterface } from 'node:readline';
import type { Play } from '../load/model.ts';
import type { Vars } from '../core/vars.ts';
import { OptionsError } from '../core/errors.ts';
import { promptPassword } from '../vault/password.ts';
import type { RunContext } from './run-context.ts';

function askLine(label: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) =>
    rl.question(label, (answer) => {
      rl.close();
      resolve(answer);
    }),
  );
}

export async function promptedVars(rc: RunContext, play: Play, isTTY = !!process.stdin.isTTY): Promise<Vars> {
  const out: Vars = {};
  for (const prompt of play.vars_prompt) {
    if (Object.hasOwn(rc.options.extraVars, prompt.name)) continue;
    const hasDefault = prompt.default !== undefined && prompt.default !== null;
    if (!isTTY) {
      if (!hasDefault)
        throw new OptionsError(
          `vars_prompt '${prompt.name}' of play '${play.name}': no terminal to ask on (stdin is not a TTY); pass it with -e ${prompt.name}=... or give the prompt a default`,
        );
      out[prompt.name] = prompt.default;
      continue;
    }
    const label = `${prompt.prompt ?? prompt.name}${hasDefault ? ` [${String(prompt.default)}]` : ''}: `;
    const secret = prompt.private !== false;
    let answer = secret ? await promptPassword(label) : await askLine(label);
    if (prompt.confirm) {
      const again = secret ? await promptPassword(`confirm ${label}`) : await askLine(`confirm ${label}`);
      if (again !== answer) throw new OptionsError(`vars_prompt '${prompt.name}': the values entered do not match`);
    }
    if (answer === '' && hasDefault) answer = String(prompt.default);
    if (secret && answer) rc.secrets.add([answer]);
    out[prompt.name] = answer;
  }
  return out;
}
