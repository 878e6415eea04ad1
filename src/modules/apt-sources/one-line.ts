// The one-line sources.list format: `deb [opts] uri suite [components...]`, compared as
// Ansible's apt_repository does (whitespace and option order do not matter; '#' disables).
export interface SourceLine {
  type: 'deb' | 'deb-src';
  options: string;
  uri: string;
  suite: string;
  components: string[];
}

const LINE = /^(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)((?:\s+[^\s#]+)*)\s*(?:#.*)?$/;

export function parseSourceLine(text: string): SourceLine | undefined {
  const match = LINE.exec(text.trim());
  if (!match) return undefined;
  const [, type, options = '', uri, suite, components = ''] = match;
  return { type: type as SourceLine['type'], options: normalizeOptions(options), uri, suite, components: components.trim().split(/\s+/).filter(Boolean) };
}

function normalizeOptions(options: string): string {
  return options.trim().split(/\s+/).filter(Boolean).sort().join(' ');
}

export function formatSourceLine(source: SourceLine): string {
  const options = source.options ? ` [${source.options}]` : '';
  return `${source.type}${options} ${source.uri} ${source.suite}${source.components.length ? ` ${source.components.join(' ')}` : ''}`;
}

export function sameSource(a: SourceLine, b: SourceLine): boolean {
  return formatSourceLine(a) === formatSourceLine(b);
}

/** A line of a .list file: enabled, disabled ('# deb ...'), or anything else. */
export function classifyLine(line: string): { source?: SourceLine; enabled: boolean } {
  const trimmed = line.trim();
  if (trimmed.startsWith('#')) {
    const source = parseSourceLine(trimmed.replace(/^#+\s*/, ''));
    return { source, enabled: false };
  }
  return { source: parseSourceLine(trimmed), enabled: true };
}

/** Ansible's file name for a repository line: its URI's host and path, non-alphanumerics as '_'. */
export function suggestedListName(source: SourceLine): string {
  const uri = source.uri.replace(/^\w+:\/\//, '').replace(/^[^@/]*@/, '');
  return uri
    .replace(/[^a-zA-Z0-9]/g, ' ')
    .trim()
    .split(/\s+/)
    .join('_');
}
