// The ansible-vault verbs as functions over files; src/cli/vault.ts only parses flags and passwords.
// Reading takes either format with any of the given vault ids; edit and rekey keep a file's format
// (and an Ansible 1.2 file its vault id), so ansible-vault can still open what warren rewrote.
import { isVaulted } from './decryptor.ts';
import { createFormatEncryptor, createVaultDecryptor, formatOf, type VaultFormat, type VaultSecret } from './keyring.ts';
import { editInPrivateTemp, fileExists, readVaultFile, writeFileAtomic } from './files.ts';
import { WarrenError } from '../core/errors.ts';

/** Ansible indents encrypt_string output by 10 spaces; we keep its look. */
const SNIPPET_INDENT = ' '.repeat(10);

/** What new content is encrypted with. */
export interface EncryptTarget {
  format: VaultFormat;
  secret: VaultSecret;
}

export async function createVaultFile(file: string, target: EncryptTarget): Promise<boolean> {
  if (await fileExists(file)) throw new WarrenError(`${file} already exists; use "warren vault edit ${file}"`);
  const plain = await editInPrivateTemp('', file);
  if (plain === '') return false;
  await writeFileAtomic(file, createFormatEncryptor(target.format, target.secret).encrypt(plain), 0o600);
  return true;
}

interface Opened {
  plain: string;
  format: VaultFormat;
  secret: VaultSecret;
}

async function openFile(file: string, secrets: VaultSecret[]): Promise<Opened> {
  const text = await readVaultFile(file);
  if (!isVaulted(text)) throw new WarrenError(`${file} is not vault-encrypted`);
  try {
    const { plain, secret } = createVaultDecryptor(secrets).open(text);
    return { plain, secret, format: formatOf(text) };
  } catch (err) {
    throw new WarrenError(`${file}: ${(err as Error).message}`);
  }
}

/** Re-encrypts only when the text changed, so an unchanged file keeps its bytes (and VCS diff). */
export async function editVaultFile(file: string, secrets: VaultSecret[], target?: EncryptTarget): Promise<boolean> {
  const opened = await openFile(file, secrets);
  const edited = await editInPrivateTemp(opened.plain, file);
  if (edited === opened.plain) return false;
  const t = target ?? { format: opened.format, secret: opened.secret };
  await writeFileAtomic(file, createFormatEncryptor(t.format, t.secret).encrypt(edited));
  return true;
}

export async function decryptFile(file: string, secrets: VaultSecret[]): Promise<string> {
  return (await openFile(file, secrets)).plain;
}

/** Encrypts each file in place, or into `output` ('-' = stdout, returned) when one file is given. */
export async function encryptFiles(files: string[], target: EncryptTarget, output?: string): Promise<string | undefined> {
  checkOutput(files, output);
  const encryptor = createFormatEncryptor(target.format, target.secret);
  for (const file of files) {
    const text = await readVaultFile(file);
    if (isVaulted(text)) throw new WarrenError(`${file} is already vault-encrypted`);
    const vaulted = encryptor.encrypt(text);
    if (output === '-') return vaulted;
    await writeFileAtomic(output ?? file, vaulted);
  }
  return undefined;
}

export async function decryptFiles(files: string[], secrets: VaultSecret[], output?: string): Promise<string | undefined> {
  checkOutput(files, output);
  const plains: Array<[string, string]> = [];
  // Decrypt everything first: a wrong password on the third file leaves the first two untouched.
  for (const file of files) plains.push([file, await decryptFile(file, secrets)]);
  for (const [file, plain] of plains) {
    if (output === '-') return plain;
    await writeFileAtomic(output ?? file, plain);
  }
  return undefined;
}

/** `format` given: every file is rewritten in it; otherwise each keeps its own. */
export async function rekeyFiles(files: string[], secrets: VaultSecret[], newSecret: VaultSecret, format?: VaultFormat): Promise<void> {
  const opened: Array<[string, Opened]> = [];
  for (const file of files) opened.push([file, await openFile(file, secrets)]);
  for (const [file, o] of opened) await writeFileAtomic(file, createFormatEncryptor(format ?? o.format, newSecret).encrypt(o.plain));
}

/** `name: !vault |` snippets, one per value, ready to paste into a YAML vars file. */
export function encryptStrings(values: string[], names: string[], target: EncryptTarget): string {
  if (names.length > values.length) throw new WarrenError(`${names.length} names but only ${values.length} values`);
  const encryptor = createFormatEncryptor(target.format, target.secret);
  return values
    .map((value, i) => {
      const body = encryptor
        .encrypt(value)
        .trimEnd()
        .split('\n')
        .map((l) => SNIPPET_INDENT + l)
        .join('\n');
      const name = names[i];
      return `${name === undefined ? '' : `${name}: `}!vault |\n${body}\n`;
    })
    .join('');
}

function checkOutput(files: string[], output?: string): void {
  if (files.length === 0) throw new WarrenError('no file given');
  if (output !== undefined && files.length > 1) throw new WarrenError('--output takes exactly one input file');
}
