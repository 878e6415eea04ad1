// How Ansible would hand arguments to a user's module file (lib/ansible/executor/module_common.py):
//   new  - Python importing ansible.module_utils (AnsibleModule): {"ANSIBLE_MODULE_ARGS": ...} on stdin
//   json - WANT_JSON in the file, or a binary: a JSON args file as the first argument
//   old  - anything else: an args file of key=value words
// and which interpreter runs it: a python shebang means the target's python, any other is kept.

export type ModuleStyle = 'new' | 'json' | 'old';

export interface ModuleShape {
  style: ModuleStyle;
  /** the shebang's command when it is not python (['/bin/sh']); undefined: the target's python */
  interpreter?: string[];
}

const NEW_STYLE = [/^\s*from ansible\.module_utils[. ]/m, /^\s*import ansible\.module_utils/m, /#<<INCLUDE_ANSIBLE_MODULE_COMMON>>/];

function shebangCommand(text: string): string[] | undefined {
  if (!text.startsWith('#!')) return undefined;
  const words = text
    .slice(2, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'))
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return words.length ? words : undefined;
}

function isPython(command: string[] | undefined, file: string): boolean {
  if (!command) return file.endsWith('.py');
  const program = command[0]!.endsWith('/env') ? (command[1] ?? '') : command[0]!;
  return /^python[0-9.]*$/.test(program.slice(program.lastIndexOf('/') + 1));
}

export function moduleShape(file: string, content: Buffer): ModuleShape {
  if (content.includes(0)) return { style: 'json', interpreter: [] };
  const text = content.toString('utf8');
  const shebang = shebangCommand(text);
  const python = isPython(shebang, file);
  const interpreter = python ? undefined : (shebang ?? []);
  if (python && NEW_STYLE.some((re) => re.test(text))) return { style: 'new' };
  return { style: text.includes('WANT_JSON') ? 'json' : 'old', ...(interpreter ? { interpreter } : {}) };
}
