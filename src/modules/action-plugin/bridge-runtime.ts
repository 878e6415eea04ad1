// ansible._warren_bridge: the objects an ActionModule is built with (task, play context, templar,
// loader, connection, shared loader, task vars), each asking warren over the pipe for what Ansible
// would compute itself, and run_plugin, which loads the plugin file and maps its exceptions to
// results as Ansible's TaskExecutor does.
export const BRIDGE_RUNTIME = String.raw`
import importlib.util, os, sys
from collections.abc import MutableMapping
from ansible.errors import (AnsibleActionFail, AnsibleActionSkip, AnsibleConnectionFailure, AnsibleError,
                            AnsibleFileNotFound, AnsibleTemplateError)

ask = None    # set by the bootstrap: (op, fields) -> reply
start = None  # the first message: the task, the play context, the plugin

_ERRORS = {'unreachable': AnsibleConnectionFailure, 'template': AnsibleTemplateError, 'not_found': AnsibleFileNotFound}

def request(op, **fields):
    reply = ask(op, fields)
    if 'error' in reply:
        raise _ERRORS.get(reply.get('kind'), AnsibleError)(reply['error'])
    return reply.get('value')

def note(level, msg):
    request('display', level=level, msg='%s' % (msg,))

def warn(msg):
    request('warning', msg='%s' % (msg,))

def _has_template(value):
    if isinstance(value, str):
        return '{{' in value or '{%' in value or '{#' in value
    if isinstance(value, dict):
        return any(_has_template(k) or _has_template(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_template(v) for v in value)
    return False

class TaskVars(MutableMapping):
    """The task's variables, fetched one by one when read (hostvars alone can be large)."""
    def __init__(self):
        self._values = {}
        self._deleted = set()
        self._names = None

    def __getitem__(self, name):
        if name in self._values:
            return self._values[name]
        if name in self._deleted or not isinstance(name, str):
            raise KeyError(name)
        answer = request('var', name=name)
        if not answer['defined']:
            raise KeyError(name)
        self._values[name] = answer['value']
        return answer['value']

    def __setitem__(self, name, value):
        self._values[name] = value
        self._deleted.discard(name)

    def __delitem__(self, name):
        self[name]
        self._values.pop(name, None)
        self._deleted.add(name)

    def _all(self):
        if self._names is None:
            self._names = request('var_names')
        return [n for n in dict.fromkeys(self._names + list(self._values)) if n not in self._deleted]

    def __contains__(self, name):
        if name in self._values:
            return True
        return name not in self._deleted and name in self._all()

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())

class Task:
    def __init__(self, info):
        self.args = info['args']
        self.action = info['action']
        self.resolved_action = info['action']
        self.name = info['name']
        self.async_val = info['async']
        self.poll = info['poll']
        self.check_mode = info['check']
        self.diff = info['diff']
        self.no_log = info['no_log']
        self.delegate_to = info['delegate_to']
        self.environment = []
        self.register = info['register']
        self.become = start['play']['become']

    def copy(self, exclude_parent=False, exclude_tasks=False):
        import copy
        new = copy.copy(self)
        new.args = copy.deepcopy(self.args)
        new.environment = list(self.environment)
        return new

    def get_name(self, include_role_fqcn=True):
        return self.name or self.action

    def get_search_path(self):
        return list(start['search'])

class PlayContext:
    def __init__(self, info):
        for key, value in info.items():
            setattr(self, key, value)

class Templar:
    def __init__(self, variables):
        self._available_variables = variables

    @property
    def available_variables(self):
        return self._available_variables

    @available_variables.setter
    def available_variables(self, variables):
        self._available_variables = variables

    def template(self, variable, *args, **kwargs):
        return request('template', value=variable) if _has_template(variable) else variable

    def is_template(self, data):
        return _has_template(data)

    is_possibly_template = is_template

    def copy_with_new_env(self, environment_class=None, **kwargs):
        return self

    def set_temporary_context(self, **kwargs):
        from contextlib import nullcontext
        return nullcontext()

class DataLoader:
    def get_basedir(self):
        return start['basedir']

    def set_basedir(self, basedir):
        pass

    def path_dwim(self, given):
        given = os.path.expanduser(given)
        return given if os.path.isabs(given) else os.path.join(start['basedir'], given)

    def path_exists(self, path):
        return os.path.exists(self.path_dwim(path))

    def is_file(self, path):
        return os.path.isfile(self.path_dwim(path))

    def is_directory(self, path):
        return os.path.isdir(self.path_dwim(path))

    def path_dwim_relative(self, path, dirname, source, is_role=False):
        return request('find_file', kind=dirname, name=source)

    def path_dwim_relative_stack(self, paths, dirname, source, is_role=False):
        return request('find_file', kind=dirname, name=source)

    def load_from_file(self, file_name, cache=True, unsafe=False, json_only=False):
        return request('vars_file', path=self.path_dwim(file_name))

    def get_real_file(self, file_path, decrypt=True):
        return self.path_dwim(file_path)

    def cleanup_tmp_file(self, file_path):
        pass

    def cleanup_all_tmp_files(self):
        pass

class Shell:
    tmpdir = None
    SHELL_FAMILY = 'sh'

    def join_path(self, *args):
        return os.path.join(*args)

class Connection:
    def __init__(self, transport):
        self.transport = transport
        self._shell = Shell()
        self.become = None

class NestedAction:
    """What action_loader.get() gives for one of warren's actions: run() runs it on this host."""
    def __init__(self, name, task):
        self._name = name
        self._task = task

    def run(self, tmp=None, task_vars=None):
        return request('action', name=self._name, args=self._task.args)

    def cleanup(self, force=False):
        pass

class PluginLoader:
    def __init__(self, kind):
        self._kind = kind

    def _find(self, name):
        return request('find', kind=self._kind, name=name)

    def get(self, name, *args, **kwargs):
        found = self._find(name)
        if not found['found']:
            return None
        if self._kind != 'action':
            return found['path']
        task = kwargs.get('task') or (args[0] if args else None) or objects['task']
        if found['plugin']:
            parts = dict(objects, task=task)
            parts.update((k, v) for k, v in kwargs.items() if k in parts and v is not None)
            return load_class(found['plugin'], found['name'])(parts['task'], parts['connection'], parts['play_context'], parts['loader'], parts['templar'], parts['shared_loader_obj'])
        return NestedAction(name, task)

    def has_plugin(self, name, collection_list=None):
        return self._find(name)['found']

    __contains__ = has_plugin

    def find_plugin(self, name, mod_type='', ignore_deprecated=False, check_aliases=False, collection_list=None):
        found = self._find(name)
        return found['path'] if found['found'] else None

class SharedLoader:
    def __init__(self):
        self.action_loader = PluginLoader('action')
        self.module_loader = PluginLoader('module')

objects = {}

def load_class(path, name):
    spec = importlib.util.spec_from_file_location('ansible.plugins.action.%s' % name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.ActionModule

def _plugin_line(error, path):
    import traceback
    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if os.path.abspath(f.filename) == os.path.abspath(path)]
    return ', line %d' % lines[-1] if lines else ''

def run_plugin(path, name):
    try:
        plugin_class = load_class(path, name)
    except Exception as e:
        import traceback
        return {'failed': True, 'msg': 'could not load the action plugin %s: %s: %s' % (path, type(e).__name__, e), 'exception': traceback.format_exc()}
    objects.update(task=Task(start['task']), connection=Connection(start['play']['connection']), play_context=PlayContext(start['play']),
                   loader=DataLoader(), templar=Templar(TaskVars()), shared_loader_obj=SharedLoader())
    action = None
    try:
        action = plugin_class(objects['task'], objects['connection'], objects['play_context'], objects['loader'], objects['templar'], objects['shared_loader_obj'])
        result = action.run(task_vars=objects['templar'].available_variables)
    except (AnsibleActionFail, AnsibleActionSkip) as e:
        return (e.result)
    except AnsibleConnectionFailure as e:
        return {'unreachable': True, 'msg': '%s' % (e,)}
    except AnsibleError as e:
        return ({'failed': True, 'msg': '%s' % (e,)})
    except Exception as e:
        import traceback
        msg = 'Unexpected failure during module execution: %s (%s: %s%s)' % (e, type(e).__name__, path, _plugin_line(e, path))
        return ({'failed': True, 'msg': msg, 'exception': traceback.format_exc(), 'stdout': ''})
    finally:
        if action is not None:
            try:
                action.cleanup()
            except Exception:
                pass
    if not isinstance(result, dict):
        return {'failed': True, 'msg': 'the action plugin %s returned %s, not a dict' % (path, type(result).__name__)}
    return (result)
`;
