// Ansible host ranges: node[01:50], db-[a:f], web[1:10:2].
import { InputError } from '../core/errors.ts';
import type { SourceLocation } from '../core/location.ts';

const RANGE = /\[([0-9a-zA-Z]+):([0-9a-zA-Z]+)(?::(\d+))?\]/;

export function expandHostPattern(name: string, loc: SourceLocation): string[] {
  const m = RANGE.exec(name);
  if (!m) return [name];
  const [whole, start, end, stepText] = m;
  const step = stepText ? Number(stepText) : 1;
  const head = name.slice(0, m.index);
  const tail = name.slice(m.index + whole.length);
  const values: string[] = [];
  if (/^\d+$/.test(start) && /^\d+$/.test(end)) {
    const width = start.startsWith('0') ? start.length : 0;
    for (let i = Number(start); i <= Number(end); i += step) values.push(String(i).padStart(width, '0'));
  } else if (/^[a-z]$/i.test(start) && /^[a-z]$/i.test(end)) {
    for (let c = start.charCodeAt(0); c <= end.charCodeAt(0); c += step) values.push(String.fromCharCode(c));
  } else throw new InputError(`bad host range '${whole}' in '${name}' (expected [01:10] or [a:f])`, loc);
  if (!values.length || step < 1) throw new InputError(`empty host range '${whole}' in '${name}'`, loc);
  return values.flatMap((v) => expandHostPattern(head + v + tail, loc));
}
