// Ansible's template `output_encoding`: the rendered text re-encoded on the controller. glibc's
// iconv (libc-bin, always present on Debian) knows Python's codec names (windows-1252, latin-1, ...).
import { spawnSync } from 'node:child_process';
import { ModuleFailure } from '../module.ts';

const NODE_ENCODINGS: Record<string, BufferEncoding> = { 'utf-8': 'utf8', utf8: 'utf8', '': 'utf8' };

export function encodeText(text: string, encoding: string | undefined): Buffer {
  const native = NODE_ENCODINGS[(encoding ?? '').toLowerCase()];
  if (native) return Buffer.from(text, native);
  const result = spawnSync('iconv', ['-f', 'UTF-8', '-t', encoding!], { input: Buffer.from(text) });
  if (result.error) throw new ModuleFailure(`cannot encode the template as ${encoding}: ${result.error.message}`);
  if (result.status !== 0) {
    const detail = result.stderr
      .toString()
      .trim()
      .replace(/^iconv: /, '');
    throw new ModuleFailure(`cannot encode the template as ${encoding}: ${detail}`);
  }
  return result.stdout;
}
