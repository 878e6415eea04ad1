// A small stand-in for ansible.module_utils, served only when the controller's python has no
// ansible-core of its own (bridge-bootstrap.ts then uses the real one): the text converters,
// six's names and boolean(), which action plugins import most.

/** One module the bridge's importer serves: its source, and whether it is a package. */
export interface BridgeModule {
  package: boolean;
  source: string;
}

const CONVERTERS = String.raw`
_SURROGATE = frozenset((None, 'surrogate_or_strict', 'surrogate_or_replace', 'surrogate_then_replace'))

def _errors(errors):
    return 'surrogateescape' if errors in _SURROGATE else errors

def _nonstring(obj, nonstring, empty, convert):
    if nonstring == 'passthru':
        return obj
    if nonstring == 'empty':
        return empty
    if nonstring == 'strict':
        raise TypeError('obj must be a string type')
    try:
        text = str(obj)
    except UnicodeError:
        text = repr(obj)
    return convert(text)

def to_bytes(obj, encoding='utf-8', errors=None, nonstring='simplerepr'):
    if isinstance(obj, bytes):
        return obj
    if isinstance(obj, str):
        return obj.encode(encoding, _errors(errors))
    return _nonstring(obj, nonstring, b'', lambda text: text.encode(encoding, _errors(errors)))

def to_text(obj, encoding='utf-8', errors=None, nonstring='simplerepr'):
    if isinstance(obj, str):
        return obj
    if isinstance(obj, bytes):
        return obj.decode(encoding, _errors(errors))
    return _nonstring(obj, nonstring, '', lambda text: text)

to_native = to_text

def jsonify(data, **kwargs):
    import json
    return json.dumps(data, **kwargs)
`;

const SIX = String.raw`
import sys
PY2 = False
PY3 = True
string_types = (str,)
integer_types = (int,)
class_types = (type,)
text_type = str
binary_type = bytes
MAXSIZE = sys.maxsize

def iteritems(d, **kw):
    return iter(d.items(**kw))

def iterkeys(d, **kw):
    return iter(d.keys(**kw))

def itervalues(d, **kw):
    return iter(d.values(**kw))

def with_metaclass(meta, *bases):
    return meta('NewBase', bases or (object,), {})
`;

const CONVERT_BOOL = String.raw`
from ansible.module_utils.common.text.converters import to_text

BOOLEANS_TRUE = frozenset(('y', 'yes', 'on', '1', 'true', 't', 1, 1.0, True))
BOOLEANS_FALSE = frozenset(('n', 'no', 'off', '0', 'false', 'f', 0, 0.0, False))
BOOLEANS = BOOLEANS_TRUE.union(BOOLEANS_FALSE)

def boolean(value, strict=True):
    if isinstance(value, bool):
        return value
    normalized = value
    if isinstance(value, (str, bytes)):
        normalized = to_text(value, errors='surrogate_or_strict').lower().strip()
    if normalized in BOOLEANS_TRUE:
        return True
    if normalized in BOOLEANS_FALSE or not strict:
        return False
    raise TypeError("The value '%s' is not a valid boolean.  Valid booleans include: %s" % (to_text(value), ', '.join(repr(i) for i in BOOLEANS)))
`;

const pkg = (source = '') => ({ package: true, source });
const mod = (source: string) => ({ package: false, source });

export const BRIDGE_MODULE_UTILS: Record<string, BridgeModule> = {
  'ansible.module_utils': pkg(),
  'ansible.module_utils.common': pkg(),
  'ansible.module_utils.common.text': pkg(),
  'ansible.module_utils.common.text.converters': mod(CONVERTERS),
  'ansible.module_utils._text': mod('from ansible.module_utils.common.text.converters import to_bytes, to_native, to_text\n'),
  'ansible.module_utils.six': mod(SIX),
  'ansible.module_utils.parsing': pkg(),
  'ansible.module_utils.parsing.convert_bool': mod(CONVERT_BOOL),
};
