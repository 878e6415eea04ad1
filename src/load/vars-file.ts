// Vars files (vars_files, group_vars, role defaults/vars): a YAML mapping, whole-file vault or
// inline `!vault |` values; every decrypted value is registered as a secret.
import { InputError } from '../core/errors.ts';
import { isVaulted } from '../vault/decryptor.ts';
import type { Vars } from '../core/vars.ts';
import type { LoadOptions } from './options.ts';
import { NO_VAULT_PASSWORD } from '../core/vault-tag.ts';
import { locOfNode, parseYamlText, readText, toJsChecked } from '../core/yaml-file.ts';
import { checkVarsTemplates } from './vars-template-check.ts';

export async function loadVarsFile(path: string, opts: LoadOptions): Promise<Vars> {
  let text = await readText(path);
  const wholeFileVault = isVaulted(text);
  if (wholeFileVault) {
    if (!opts.vault) throw new InputError(NO_VAULT_PASSWORD, { file: path, line: 1, col: 1 });
    await opts.vault.prepare?.(text);
    try {
      text = opts.vault.decrypt(text);
    } catch (err) {
      throw new InputError(`cannot decrypt vaulted file: ${(err as Error).message}`, { file: path, line: 1, col: 1 });
    }
  }
  const src = parseYamlText(text, path, opts);
  // a vaulted file's values are secrets: its template errors say only where (no fragment of them)
  checkVarsTemplates(src, wholeFileVault);
  const value = toJsChecked(src);
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(
      `a vars file must be a mapping of variable names to values, not ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`,
      locOfNode(src, src.doc.contents),
    );
  }
  if (wholeFileVault) opts.secrets.add(value);
  return value as Vars;
}
