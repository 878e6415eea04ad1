// An authorized_keys file as ansible.posix's authorized_key sees it: key lines indexed by their
// base64 blob with options and comment, every other line kept where it was.
export interface KeyLine {
  /** the base64 blob, or the whole line for comments and lines that are not keys */
  id: string;
  type?: string;
  options: Array<[string, string | null]>;
  comment?: string;
  rank: number;
}

const KEY_TYPE =
  /^(ssh-(rsa|dss|ed25519)|(sk-)?ecdsa-sha2-nistp\d+(@openssh\.com)?|sk-ssh-ed25519@openssh\.com|ssh-(rsa|ed25519)-cert-v01@openssh\.com|ecdsa-sha2-nistp\d+-cert-v01@openssh\.com)$/;

/** Splits outside double quotes: the options field, then the words of a line. */
function splitOutsideQuotes(text: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && quoted && i + 1 < text.length) {
      cur += ch + text[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (!quoted && sep.test(ch)) {
      if (cur) parts.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur) parts.push(cur);
  return parts;
}

export function parseOptions(text: string): Array<[string, string | null]> {
  return splitOutsideQuotes(text, /,/).map((o) => {
    const eq = o.indexOf('=');
    return eq < 0 ? [o, null] : [o.slice(0, eq), o.slice(eq + 1)];
  });
}

/** One line as a key (undefined when it is not one). */
export function parseKeyLine(line: string, rank: number): KeyLine | undefined {
  const words = splitOutsideQuotes(line.trim(), /\s/);
  const typeAt = words.findIndex((w) => KEY_TYPE.test(w));
  if (typeAt < 0 || typeAt > 1 || words.length < typeAt + 2) return undefined;
  return {
    id: words[typeAt + 1]!,
    type: words[typeAt],
    options: typeAt === 1 ? parseOptions(words[0]!) : [],
    comment: words.slice(typeAt + 2).join(' ') || undefined,
    rank,
  };
}

export function parseAuthorizedKeys(text: string): Map<string, KeyLine> {
  const keys = new Map<string, KeyLine>();
  text.split('\n').forEach((line, i) => {
    if (line === '' && i === text.split('\n').length - 1) return;
    const key = parseKeyLine(line, i + 1);
    keys.set(key?.id ?? line, key ?? { id: line, options: [], rank: i + 1 });
  });
  return keys;
}

export function renderKeyLine(k: KeyLine): string {
  if (!k.type) return k.id;
  const options = k.options.map(([name, value]) => (value === null ? name : `${name}=${value}`)).join(',');
  return [options, k.type, k.id, k.comment].filter((p) => p).join(' ');
}

export function renderAuthorizedKeys(keys: Map<string, KeyLine>): string {
  const lines = [...keys.values()].sort((a, b) => a.rank - b.rank).map(renderKeyLine);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function sameKey(a: KeyLine, b: KeyLine): boolean {
  return a.type === b.type && a.comment === b.comment && JSON.stringify(a.options) === JSON.stringify(b.options);
}
