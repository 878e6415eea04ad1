// Reads the state of one or more paths in ONE round trip of POSIX shell (GNU stat and
// sha256sum, as on Debian). Content travels base64-encoded so binary files survive.
import { shellQuote } from '../../connection/connection.ts';
import type { ModuleContext } from '../module.ts';
import { ModuleFailure } from '../module.ts';
import { fromLookAhead } from './look-ahead.ts';
import { type ProbeOptions, type FileState, parseProbeOutput } from './file-state.ts';

export * from './file-state.ts';

export async function probeFile(ctx: ModuleContext, path: string, opts: ProbeOptions = {}): Promise<FileState> {
  const [state] = await probeFiles(ctx, [path], opts);
  return state;
}

export async function probeFiles(ctx: ModuleContext, paths: string[], opts: ProbeOptions = {}): Promise<FileState[]> {
  const lookedAhead = await fromLookAhead(ctx, paths, opts);
  if (lookedAhead) return lookedAhead;
  const script = probeScript(paths, opts);
  const result = await ctx.target.run(script);
  if (result.code !== 0) {
    throw new ModuleFailure(`cannot read the state of ${paths.join(', ')}: ${result.stderr.trim()}`, { rc: result.code, stderr: result.stderr });
  }
  return parseProbeOutput(paths, result.stdout);
}

export function probeScript(paths: string[], opts: ProbeOptions = {}): string {
  const follow = opts.follow === true;
  const lines = ['LC_ALL=C; export LC_ALL'];
  paths.forEach((path, index) => {
    const exists = follow ? '[ -e "$p" ]' : '{ [ -e "$p" ] || [ -L "$p" ]; }';
    const regular = follow ? '[ -f "$p" ]' : '[ -f "$p" ] && [ ! -L "$p" ]';
    const maxBytes = opts.maxContentBytes ?? -1;
    const readContent = opts.content
      ? `if [ ${maxBytes} -lt 0 ] || [ "$(stat -L -c %s -- "$p")" -le ${maxBytes} ]; then printf 'content '; base64 -w0 < "$p" || exit 3; echo; fi`
      : '';
    // Every process costs the target a fork and exec: the checksum of content read anyway is
    // computed on the controller (parseProbeOutput), and sha256sum prints straight to stdout.
    const wholeContent = opts.content === true && opts.maxContentBytes === undefined;
    const checksum = opts.checksum === false || wholeContent ? '' : `printf 'sha256 '; sha256sum < "$p" || exit 3`;
    const digest = opts.checksumAlgorithm ? `printf 'digest '; ${opts.checksumAlgorithm}sum < "$p" || exit 3` : '';
    // access tests are builtins; the digest needs a readable file (Ansible skips it otherwise)
    const regularBody = [checksum, opts.checksumAlgorithm ? `if [ -r "$p" ]; then ${digest}; fi` : '', readContent].filter(Boolean).join('; ') || ':';
    const details = opts.details
      ? [
          `  stat ${follow ? '-L ' : ''}-c 'xstat %.9X %.9Y %.9Z %b %o %t %T %d %i %f' -- "$p" || exit 3`,
          `  a=; [ -r "$p" ] && a=\${a}r; [ -w "$p" ] && a=\${a}w; [ -x "$p" ] && a=\${a}x; echo "access $a"`,
          ...(opts.mime
            ? [`  if command -v file >/dev/null 2>&1; then printf 'mime '; file -b --mime-type --mime-encoding -- "$p" 2>/dev/null || echo; fi`]
            : []),
        ]
      : [];
    lines.push(
      `p=${shellQuote(path)}; echo "== ${index}"`,
      `if ${exists}; then`,
      `  stat ${follow ? '-L ' : ''}-c 'stat %f %a %u %g %s %Y %d:%i %h %U %G' -- "$p" || exit 3`,
      ...details,
      `  if [ -L "$p" ]; then printf 'target '; readlink -- "$p" | base64 -w0; echo; fi`,
      `  if ${regular}; then ${regularBody}; fi`,
      'fi',
    );
  });
  return lines.join('\n');
}
