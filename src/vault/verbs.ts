// The ansible-vault verbs as functions over files; src/cli/vault.ts only parses flags and passwords.
import { isVaulted } from './decryptor.ts';
import { createVaultDecryptor, createVaultEncryptor } from './format.ts';
import { editInPrivateTemp, fileExists, readVaultFile, writeFileAtomic } from './files.ts';
import { WarrenError } from '../core/errors.ts';

/** Ansible indents encrypt_string output by 10 spaces; we keep its look. */
const SNIPPET_INDENT = ' '.repeat(10);

export async function createVaultFile(file: string, password: string): Promise<boolean> {
  if (await fileExists(file)) throw new WarrenError(`${file} already exists; use "warren vault edit ${file}"`);
  const plain = await editInPrivateTemp('', file);
  if (plain === '') return false;
  await writeFileAtomic(file, createVaultEncryptor(password).encrypt(plain), 0o600);
  return true;
}

/** Re-encrypts only when the text changed, so an unchanged file keeps its bytes (and VCS diff). */
export async function editVaultFile(file: string, password: string): Promise<boolean> {
  const plain = await decryptFile(file, password);
  const edited = await editInPrivateTemp(plain, file);
  if (edited === plain) return false;
  await writeFileAtomic(file, createVaultEncryptor(password).encrypt(edited));
  return true;
}

export async function decryptFile(file: string, password: string): Promise<string> {
  const text = await readVaultFile(file);
  if (!isVaulted(text)) throw new WarrenError(`${file} is not vault-encrypted`);
  try {
    return createVaultDecryptor(password).decrypt(text);
  } catch (err) {
    throw new WarrenError(`${file}: ${(err as Error).message}`);
  }
}

/** Encrypts each file in place, or into `output` ('-' = stdout, returned) when one file is given. */
export async function encryptFiles(files: string[], password: string, output?: string): Promise<string | undefined> {
  checkOutput(files, output);
  const encryptor = createVaultEncryptor(password);
  for (const file of files) {
    const text = await readVaultFile(file);
    if (isVaulted(text)) throw new WarrenError(`${file} is already vault-encrypted`);
    const vaulted = encryptor.encrypt(text);
    if (output === '-') return vaulted;
    await writeFileAtomic(output ?? file, vaulted);
  }
  return undefined;
}

export async function decryptFiles(files: string[], password: string, output?: string): Promise<string | undefined> {
  checkOutput(files, output);
  const plains: Array<[string, string]> = [];
  // Decrypt everything first: a wrong password on the third file leaves the first two untouched.
  for (const file of files) plains.push([file, await decryptFile(file, password)]);
  for (const [file, plain] of plains) {
    if (output === '-') return plain;
    await writeFileAtomic(output ?? file, plain);
  }
  return undefined;
}

export async function rekeyFiles(files: string[], password: string, newPassword: string): Promise<void> {
  const plains: Array<[string, string]> = [];
  for (const file of files) plains.push([file, await decryptFile(file, password)]);
  const encryptor = createVaultEncryptor(newPassword);
  for (const [file, plain] of plains) await writeFileAtomic(file, encryptor.encrypt(plain));
}

/** `name: !vault |` snippets, one per value, ready to paste into a YAML vars file. */
export function encryptStrings(values: string[], names: string[], password: string): string {
  if (names.length > values.length) throw new WarrenError(`${names.length} names but only ${values.length} values`);
  const encryptor = createVaultEncryptor(password);
  return values
    .map((value, i) => {
      const body = encryptor.encrypt(value).trimEnd().split('\n').map((l) => SNIPPET_INDENT + l).join('\n');
      const name = names[i];
      return `${name === undefined ? '' : `${name}: `}!vault |\n${body}\n`;
    })
    .join('');
}

function checkOutput(files: string[], output?: string): void {
  if (files.length === 0) throw new WarrenError('no file given');
  if (output !== undefined && files.length > 1) throw new WarrenError('--output takes exactly one input file');
}
