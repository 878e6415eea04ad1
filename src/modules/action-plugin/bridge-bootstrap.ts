// The Python side of the pipe to a controller-side action plugin, run as `python3 -c BOOTSTRAP`
// (nothing secret in argv). Its first line on fd 3 carries the bridge package's sources and the
// task; every later exchange is one JSON line out on fd 4 (a request) and one back on fd 3 (the
// reply), until it writes {"done": result}. The plugin's own stdout and stderr stay its own.
//
// The bridge package (bridge-ansible.ts) is served by an importer placed first on sys.meta_path:
// it shadows any ansible-core the controller's python has, as a directory first on PYTHONPATH
// would, without writing files. `ansible.module_utils` is the real one when that python has
// ansible-core (its module_utils need nothing else of it), else the bridge's small stand-in.
export const BRIDGE_BOOTSTRAP = String.raw`
# Start-up matters (one python per plugin run): importlib.abc alone costs ~25 ms (it imports
# importlib.resources), so the importer is a plain class; traceback and the rest load when used.
import importlib.util, json, os, sys
for _fd in (3, 4):
    os.set_inheritable(_fd, False)
_in = os.fdopen(3, 'rb')
_out = os.fdopen(4, 'wb')

def _jsonable(value):
    if isinstance(value, bytes):
        return value.decode('utf-8', 'surrogateescape')
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)

def _send(message):
    _out.write(json.dumps(message, default=_jsonable).encode('utf-8', 'surrogateescape') + b'\n')
    _out.flush()

def _receive():
    line = _in.readline()
    if not line:
        os._exit(3)  # warren went away: nobody waits for an answer
    return json.loads(line.decode('utf-8'))

_start = _receive()
_sources = _start['bridge']

def _real_module_utils():
    for entry in sys.path:
        folder = os.path.join(entry or '.', 'ansible', 'module_utils')
        if os.path.isfile(os.path.join(folder, 'basic.py')):
            return folder
    return None

_module_utils = _real_module_utils()
if _module_utils:
    _sources = dict((k, v) for k, v in _sources.items() if not k.startswith('ansible.module_utils.'))
    _sources['ansible.module_utils'] = {'package': True, 'source': '__path__ = [%r]\n' % _module_utils}

class _BridgeImporter:
    def find_spec(self, name, path=None, target=None):
        if name not in _sources:
            return None
        return importlib.util.spec_from_loader(name, self, is_package=_sources[name]['package'])

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        code = compile(_sources[module.__name__]['source'], '<warren bridge %s>' % module.__name__, 'exec')
        exec(code, module.__dict__)

sys.meta_path.insert(0, _BridgeImporter())

def _ask(op, fields):
    _send(dict(fields, op=op))
    return _receive()

from ansible import _warren_bridge as _bridge
_bridge.ask = _ask
_bridge.start = _start
_send({'done': _bridge.run_plugin(_start['plugin'], _start['name']), 'python': sys.executable})
`;
