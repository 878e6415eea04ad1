// The one round trip that runs a user's module on its host, as AnsiballZ would: a small Python
// wrapper (its source in argv: nothing secret) reads the request from stdin (module source and
// arguments: secrets stay off argv and env), writes the module into a private temp dir
// (mkdtemp, 0700, under $TMPDIR), runs it with the module's protocol and removes the dir.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleShape } from './module-style.ts';

/** Where Ansible's interpreter discovery lands on Debian-like hosts first, then the PATH's python3. */
export const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3', '/usr/libexec/platform-python'];

/** The wrapper prints this (one JSON line, exit 1) when a new-style module's python lacks ansible.module_utils. */
export const NO_MODULE_UTILS = 'warren_no_module_utils';
/** The launcher prints this on stderr (exit 127) when no candidate python exists. */
export const NO_PYTHON = 'warren: no python3 interpreter';

const WRAPPER = `
import base64, json, os, shutil, subprocess, sys, tempfile
req = json.loads(sys.stdin.buffer.read().decode('utf-8'))
if req['style'] == 'new':
    try:
        import importlib.util
        found = importlib.util.find_spec('ansible.module_utils.basic') is not None
    except ImportError:
        found = False
    if not found:
        sys.stdout.write(json.dumps({'${NO_MODULE_UTILS}': sys.executable}) + '\\n')
        sys.exit(1)
d = tempfile.mkdtemp(prefix='warren-module-')
rc = 1
try:
    path = os.path.join(d, req['file'])
    with open(path, 'wb') as f:
        f.write(base64.b64decode(req['source']))
    os.chmod(path, 0o700)
    args = dict(req['args'], _ansible_tmpdir=d, _ansible_remote_tmp=os.path.dirname(d))
    interp = [sys.executable] if req['interpreter'] is None else req['interpreter']
    if req['style'] == 'new':
        data = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
        cmd = interp + [path]
    else:
        argsfile = os.path.join(d, 'args')
        with open(argsfile, 'w') as f:
            f.write(json.dumps(args) if req['style'] == 'json' else req['kv'])
        data = b''
        cmd = interp + [path, argsfile]
    sys.stdout.flush()
    rc = subprocess.run(cmd, input=data).returncode
finally:
    shutil.rmtree(d, ignore_errors=True)
sys.exit(rc)
`;

/** The shell script: the first python found (or the one ansible_python_interpreter names) runs the wrapper. */
export function launchScript(pythons: string[]): string {
  const tries = pythons
    .map((p) =>
      p.startsWith('/')
        ? `[ -x ${shellQuote(p)} ] && exec ${shellQuote(p)} -c "$w"`
        : `command -v ${shellQuote(p)} >/dev/null 2>&1 && exec ${shellQuote(p)} -c "$w"`,
    )
    .join('\n');
  return `w=${shellQuote(WRAPPER)}\n${tries}\necho ${shellQuote(`${NO_PYTHON} (looked for ${pythons.join(', ')})`)} >&2\nexit 127\n`;
}

/** Ansible's old-style args file: key=value words, each value shell-quoted. */
function keyValueText(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}=${shellQuote(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join(' ');
}

/** The wrapper's stdin: what to run and with which arguments. */
export function launchRequest(fileName: string, source: Buffer, shape: ModuleShape, args: Record<string, unknown>): string {
  return JSON.stringify({
    file: fileName,
    source: source.toString('base64'),
    style: shape.style,
    interpreter: shape.interpreter ?? null,
    args,
    ...(shape.style === 'old' ? { kv: keyValueText(args) } : {}),
  });
}
