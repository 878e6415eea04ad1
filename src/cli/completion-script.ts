// Builds bash and zsh completion scripts from a commander program.
import type { Command } from 'commander';
import { moduleNames } from '../modules/registry.ts';

interface CommandSpec {
  names: string[]; // name and aliases
  flags: string[];
  /** flags that take a file or directory */
  pathFlags: string[];
  subcommands: string[];
}

const PATH_FLAG = /^(-i|--inventory|--private-key|--vault-password-file|-t|--tree|--report|--playbook-dir|--output|-e|--extra-vars)$/;

function specs(program: Command): CommandSpec[] {
  return program.commands.map((cmd) => {
    const flags = cmd.options.flatMap((o) => [o.short, o.long].filter((f): f is string => !!f));
    return {
      names: [cmd.name(), ...cmd.aliases()],
      flags: [...flags, '--help'],
      pathFlags: flags.filter((f) => PATH_FLAG.test(f) && !(cmd.name() !== 'adhoc' && f === '-t')),
      subcommands: cmd.commands.map((c) => c.name()),
    };
  });
}

const words = (list: string[]) => list.join(' ');

function bash(program: Command): string {
  const cmds = specs(program);
  const cases = cmds.map((c) => {
    const takesPlaybook =
      c.names[0] === 'run' ? '        [[ $cur != -* ]] && { COMPREPLY=($(compgen -f -X "!*.@(yml|yaml)" -o plusdirs -- "$cur")); return; }\n' : '';
    const modules = c.names[0] === 'doc' ? '        [[ $cur != -* ]] && { COMPREPLY=($(compgen -W "$modules" -- "$cur")); return; }\n' : '';
    const subs = c.subcommands.length ? `        [[ $COMP_CWORD -eq 2 ]] && { COMPREPLY=($(compgen -W "${words(c.subcommands)}" -- "$cur")); return; }\n` : '';
    const paths = c.pathFlags.length ? `        case $prev in ${c.pathFlags.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return;; esac\n` : '';
    return `      ${c.names.join('|')})\n${paths}${subs}${takesPlaybook}${modules}        COMPREPLY=($(compgen -W "${words(c.flags)}" -- "$cur"));;`;
  });
  return `# bash completion for warren: eval "$(warren completion bash)"
_warren() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local modules="${words(moduleNames())}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${words(cmds.flatMap((c) => c.names))} --help --version" -- "$cur"))
    return
  fi
  if [[ $prev == -m || $prev == --module-name ]]; then
    COMPREPLY=($(compgen -W "$modules" -- "$cur"))
    return
  fi
  case \${COMP_WORDS[1]} in
${cases.join('\n')}
  esac
}
complete -o default -F _warren warren
`;
}

function zsh(program: Command): string {
  const cmds = specs(program);
  const described = program.commands.flatMap((c) =>
    [c.name(), ...c.aliases()].map((n) => `'${n}:${c.description().replace(/'/g, "'\\''").replace(/:/g, '\\:')}'`),
  );
  const cases = cmds.map((c) => {
    const flagSpecs = c.flags.map((f) =>
      c.pathFlags.includes(f) ? `'${f}[]:path:_files'` : f === '-m' || f === '--module-name' ? `'${f}[]:module:(${words(moduleNames())})'` : `'${f}[]'`,
    );
    const rest =
      c.names[0] === 'doc'
        ? ` '*:module:(${words(moduleNames())})'`
        : c.subcommands.length
          ? ` '1:action:(${words(c.subcommands)})'`
          : c.names[0] === 'run'
            ? ' \'1:playbook:_files -g "*.(yml|yaml)"\''
            : " '*:argument:_files'";
    return `    ${c.names.join('|')}) _arguments ${flagSpecs.join(' ')}${rest} ;;`;
  });
  return `#compdef warren
# zsh completion for warren: warren completion zsh > "\${fpath[1]}/_warren" (or eval it)
_warren() {
  if (( CURRENT == 2 )); then
    local -a commands
    commands=(${described.join(' ')})
    _describe 'command' commands
    return
  fi
  local cmd=\${words[2]}
  shift words
  (( CURRENT-- ))
  case $cmd in
${cases.join('\n')}
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _warren "$@"; else compdef _warren warren; fi
`;
}

export function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  return shell === 'bash' ? bash(program) : zsh(program);
}
