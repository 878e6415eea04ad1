// The `ansible` package an action plugin imports on the controller (served by bridge-bootstrap.ts):
// ActionBase and the objects it is built with, whose work goes back over the pipe to warren
// (bridge-runtime.ts), Ansible's error classes, Display, and a few helpers plugins import.
import { ANSIBLE_CORE_VERSION } from '../../core/ansible-version.ts';
import { BRIDGE_RUNTIME } from './bridge-runtime.ts';
import { BRIDGE_MODULE_UTILS, type BridgeModule } from './bridge-module-utils.ts';

const RELEASE = `__version__ = '${ANSIBLE_CORE_VERSION}'\n__author__ = 'Ansible, Inc.'\n__codename__ = 'warren'\n`;

// ansible/errors/__init__.py's classes, with the constructors plugins call.
const ERRORS = String.raw`
class AnsibleError(Exception):
    def __init__(self, message="", obj=None, show_content=True, suppress_extended_error=False, orig_exc=None):
        super(AnsibleError, self).__init__(message)
        self._message = message
        self.obj = obj
        self.orig_exc = orig_exc

    @property
    def message(self):
        if self.orig_exc:
            return '%s. %s' % (self._message, self.orig_exc)
        return '%s' % (self._message,)

    @message.setter
    def message(self, value):
        self._message = value

    def __str__(self):
        return self.message

    def __repr__(self):
        return self.message

class AnsibleAssertionError(AnsibleError, AssertionError): pass
class AnsibleOptionsError(AnsibleError): pass
class AnsibleParserError(AnsibleError): pass
class AnsibleInternalError(AnsibleError): pass
class AnsibleRuntimeError(AnsibleError): pass
class AnsibleModuleError(AnsibleRuntimeError): pass
class AnsibleConnectionFailure(AnsibleRuntimeError): pass
class AnsibleAuthenticationFailure(AnsibleConnectionFailure): pass
class AnsibleCallbackError(AnsibleRuntimeError): pass
class AnsibleTemplateError(AnsibleRuntimeError): pass
class AnsibleFilterError(AnsibleTemplateError): pass
class AnsibleLookupError(AnsibleTemplateError): pass
class AnsibleUndefinedVariable(AnsibleTemplateError): pass
class AnsibleFilterTypeError(AnsibleTemplateError, TypeError): pass

class AnsibleFileNotFound(AnsibleRuntimeError):
    def __init__(self, message="", obj=None, show_content=True, suppress_extended_error=False, orig_exc=None, paths=None, file_name=None):
        self.file_name = file_name
        self.paths = paths
        super(AnsibleFileNotFound, self).__init__(message or 'Could not find or access %s' % (file_name,), obj, show_content, suppress_extended_error, orig_exc)

class AnsibleAction(AnsibleRuntimeError):
    def __init__(self, message="", obj=None, show_content=True, suppress_extended_error=False, orig_exc=None, result=None):
        super(AnsibleAction, self).__init__(message, obj, show_content, suppress_extended_error, orig_exc)
        self.result = {} if result is None else result

class AnsibleActionSkip(AnsibleAction):
    def __init__(self, message="", obj=None, show_content=True, suppress_extended_error=False, orig_exc=None, result=None):
        super(AnsibleActionSkip, self).__init__(message, obj, show_content, suppress_extended_error, orig_exc, result)
        self.result.update({'skipped': True, 'msg': message})

class AnsibleActionFail(AnsibleAction):
    def __init__(self, message="", obj=None, show_content=True, suppress_extended_error=False, orig_exc=None, result=None):
        super(AnsibleActionFail, self).__init__(message, obj, show_content, suppress_extended_error, orig_exc, result)
        import traceback
        self.result.update({'failed': True, 'msg': message, 'exception': traceback.format_exc()})

class _AnsibleActionDone(AnsibleAction): pass

class AnsiblePluginError(AnsibleError):
    def __init__(self, message=None, plugin_load_context=None):
        super(AnsiblePluginError, self).__init__(message)
        self.plugin_load_context = plugin_load_context

class AnsiblePluginNotFound(AnsiblePluginError): pass
class AnsiblePluginRemovedError(AnsiblePluginError): pass
`;

// ansible/plugins/action/__init__.py's ActionBase: its checks in run(), and the helpers a plugin
// calls, each answered by warren through the task's own module path.
const ACTION_BASE = String.raw`
from abc import ABC, abstractmethod
from ansible.errors import AnsibleActionFail, AnsibleActionSkip, AnsibleError
from ansible.utils.display import Display
from ansible import _warren_bridge as _bridge

display = Display()

class ActionBase(ABC):
    _VALID_ARGS = frozenset([])

    def __init__(self, task, connection, play_context, loader, templar, shared_loader_obj):
        self._task = task
        self._connection = connection
        self._play_context = play_context
        self._loader = loader
        self._templar = templar
        self._shared_loader_obj = shared_loader_obj
        self._cleanup_remote_tmp = False
        self._supports_check_mode = True
        self._supports_async = False
        self._display = display
        self._used_interpreter = None

    @abstractmethod
    def run(self, tmp=None, task_vars=None):
        result = {}
        if tmp is not None:
            result['warning'] = ['ActionModule.run() no longer honors the tmp parameter. Action'
                                 ' plugins should set self._connection._shell.tmpdir to share'
                                 ' the tmpdir']
        if self._task.async_val and not self._supports_async:
            raise AnsibleActionFail('async is not supported for this task.')
        elif self._task.check_mode and not self._supports_check_mode:
            raise AnsibleActionSkip('check mode is not supported for this task.')
        elif self._task.async_val and self._task.check_mode:
            raise AnsibleActionFail('check mode and async cannot be used on same task.')
        if self._VALID_ARGS:
            bad_opts = frozenset(self._task.args.keys()).difference(self._VALID_ARGS)
            if bad_opts:
                raise AnsibleActionFail('Invalid options for %s: %s' % (self._task.action, ','.join(list(bad_opts))))
        return result

    def cleanup(self, force=False):
        pass

    def get_plugin_option(self, plugin, option, default=None):
        return default

    def get_become_option(self, option, default=None):
        return default

    def get_connection_option(self, option, default=None):
        return default

    def get_shell_option(self, option, default=None):
        return default

    def _execute_module(self, module_name=None, module_args=None, tmp=None, task_vars=None, persist_files=False, delete_remote_tmp=None, wrap_async=False):
        if module_name is None:
            module_name = self._task.action
        if module_args is None:
            module_args = self._task.args
        return _bridge.request('module', name=module_name, args=module_args)

    def _low_level_execute_command(self, cmd, sudoable=True, in_data=None, executable=None, encoding_errors='surrogate_then_replace', chdir=None):
        if isinstance(in_data, bytes):
            in_data = in_data.decode('utf-8', 'surrogateescape')
        result = _bridge.request('command', cmd=cmd, stdin=in_data, chdir=chdir)
        result['stdout_lines'] = result['stdout'].splitlines()
        result['stderr_lines'] = result['stderr'].splitlines()
        return result

    def _remote_file_exists(self, path):
        import shlex
        return self._low_level_execute_command('test -e %s' % shlex.quote(path))['rc'] == 0

    def _remote_expand_user(self, path, sudoable=True, pathsep=None):
        if not path.startswith('~'):
            return path
        head, sep, rest = path.partition('/')
        if not all(c.isalnum() or c in '._-' for c in head[1:]):
            return path
        home = self._low_level_execute_command('echo %s' % head)['stdout'].strip()
        return home + sep + rest if home else path

    def _execute_remote_stat(self, path, all_vars, follow, tmp=None, checksum=True):
        result = self._execute_module(module_name='ansible.legacy.stat', module_args=dict(path=path, follow=follow, get_checksum=checksum, checksum_algorithm='sha1'), task_vars=all_vars)
        if result.get('failed'):
            raise AnsibleError('Failed to get information on remote file (%s): %s' % (path, result.get('module_stderr', result.get('msg', ''))))
        return result['stat']

    def _find_needle(self, dirname, needle):
        return _bridge.request('find_file', kind=dirname, name=needle)

    def _remove_tmp_path(self, tmp_path, force=False):
        pass
`;

// ansible/utils/display.py: warnings and verbose lines go to warren's output at once (a warning as
// [WARNING], a line at its -v level), as Ansible shows them; nothing is written by Python itself.
const DISPLAY = String.raw`
from ansible import _warren_bridge as _bridge

class Display:
    def __init__(self, verbosity=0):
        self.columns = 80

    @property
    def verbosity(self):
        return _bridge.start['play']['verbosity']

    def display(self, msg, color=None, stderr=False, screen_only=False, log_only=False, newline=True):
        _bridge.note(0, msg)

    def verbose(self, msg, host=None, caplevel=2):
        if self.verbosity > caplevel:
            _bridge.note(caplevel + 1, msg if host is None else '<%s> %s' % (host, msg))

    def v(self, msg, host=None):
        return self.verbose(msg, host=host, caplevel=0)

    def vv(self, msg, host=None):
        return self.verbose(msg, host=host, caplevel=1)

    def vvv(self, msg, host=None):
        return self.verbose(msg, host=host, caplevel=2)

    def vvvv(self, msg, host=None):
        return self.verbose(msg, host=host, caplevel=3)

    def vvvvv(self, msg, host=None):
        return self.verbose(msg, host=host, caplevel=4)

    def vvvvvv(self, msg, host=None):
        return self.verbose(msg, host=host, caplevel=5)

    def debug(self, msg, host=None):
        pass

    def warning(self, msg, formatted=False):
        _bridge.warn(msg)

    def deprecated(self, msg, version=None, removed=False, date=None, collection_name=None):
        _bridge.warn('%s (deprecated)' % (msg,))

    def error(self, msg, wrap_text=True):
        _bridge.warn(msg)
`;

const UTILS_VARS = String.raw`
def merge_hash(x, y, recursive=True, list_merge='replace'):
    out = dict(x)
    for key, value in y.items():
        if recursive and isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_hash(out[key], value, recursive, list_merge)
        else:
            out[key] = value
    return out

def combine_vars(a, b, merge=None):
    return merge_hash(a, b) if merge else dict(a, **b)
`;

const pkg = (source = '') => ({ package: true, source });
const mod = (source: string) => ({ package: false, source });

/** Module name -> source: what the bridge's importer serves. */
export const BRIDGE_MODULES: Record<string, BridgeModule> = {
  ansible: pkg(RELEASE),
  'ansible.release': mod(RELEASE),
  'ansible.errors': pkg(ERRORS),
  'ansible.plugins': pkg(),
  'ansible.plugins.action': pkg(ACTION_BASE),
  'ansible.utils': pkg(),
  'ansible.utils.display': mod(DISPLAY),
  'ansible.utils.vars': mod(UTILS_VARS),
  'ansible._warren_bridge': mod(BRIDGE_RUNTIME),
  ...BRIDGE_MODULE_UTILS,
};
