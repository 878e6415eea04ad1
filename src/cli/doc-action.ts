// Renders module docs as text (like ansible-doc), as a list, a snippet, or JSON.
import { ExitCode } from '../core/errors.ts';
import { findModule, moduleNames, suggestModules } from '../modules/registry.ts';
import type { DocFlags } from './doc-flags.ts';
import { moduleDoc, type ArgDoc, type ModuleDoc } from './doc-model.ts';

const SUPPORT: Record<string, string> = {
  full: 'full',
  partial: 'partial',
  none: 'none',
};

function argLines(a: ArgDoc): string[] {
  const head = `${a.required ? '= ' : '- '}${a.name}`;
  const lines = [head, `        type: ${a.type}`];
  if (a.required) lines.push('        required: true');
  if (a.note && !a.required) lines.push(`        ${a.note}`);
  if (a.choices) lines.push(`        choices: [${a.choices.map((c) => JSON.stringify(c)).join(', ')}]`);
  if (a.default !== undefined) lines.push(`        default: ${JSON.stringify(a.default)}`);
  if (a.aliases.length) lines.push(`        aliases: [${a.aliases.join(', ')}]`);
  return lines;
}

/** A task name that stays valid YAML whatever the summary holds. */
const taskName = (doc: ModuleDoc) => {
  const name = doc.summary || doc.name;
  return /[:#'"{}[\],&*!|>%@`]/.test(name) ? JSON.stringify(name) : name;
};

export function formatModuleDoc(doc: ModuleDoc): string {
  const out = [`> ${doc.name.toUpperCase()}`, '', `  ${doc.summary || doc.name}`, ''];
  if (doc.freeForm) out.push(`  Free-form text (\`${doc.name}: TEXT\`) goes to '${doc.freeForm}'.`, '');
  if (doc.controllerOnly) out.push('  Runs on the controller: no connection to the host is opened.', '');
  out.push(
    'ATTRIBUTES:',
    `        check_mode: ${SUPPORT[doc.check] ?? doc.check}${doc.checkNote ? ` (${doc.checkNote})` : ''}`,
    `        diff_mode: ${SUPPORT[doc.diff] ?? doc.diff}`,
    '',
  );
  out.push('OPTIONS (= is mandatory):', '');
  for (const a of doc.arguments) out.push(...argLines(a), '');
  if (!doc.arguments.length) out.push('        (none: free-form variables)', '');
  if (doc.example) out.push('EXAMPLES:', '', `- name: ${taskName(doc)}`, `  ${doc.example}`, '');
  return out.join('\n');
}

export function formatSnippet(doc: ModuleDoc): string {
  const lines = [`- name: ${taskName(doc)}`, `  ${doc.name}:`];
  for (const a of doc.arguments) {
    const hint = a.choices ? `  # one of ${a.choices.join(', ')}` : `  # ${a.type}`;
    lines.push(`    ${a.name}:${a.required ? ' # required' : ''}${a.required ? hint.replace('  #', ',') : hint}`);
  }
  return `${lines.join('\n')}\n`;
}

export function docCommand(names: string[], flags: DocFlags): number {
  const all = moduleNames();
  if (flags.list) {
    const width = Math.max(...all.map((n) => n.length)) + 2;
    const docs = all.map((n) => moduleDoc(findModule(n)!));
    if (flags.json) process.stdout.write(`${JSON.stringify(Object.fromEntries(docs.map((d) => [d.name, d.summary])), null, 2)}\n`);
    else process.stdout.write(`${docs.map((d) => `${d.name.padEnd(width)}${d.summary}`).join('\n')}\n`);
    return ExitCode.ok;
  }
  if (!names.length && !flags.json) {
    process.stderr.write('ERROR! name a module (warren doc copy), or use --list or --json\n');
    return ExitCode.badOptions;
  }
  const docs: ModuleDoc[] = [];
  for (const name of names.length ? names : all) {
    const def = findModule(name);
    if (!def) {
      const near = suggestModules(name);
      process.stderr.write(`ERROR! module ${name} not found${near.length ? ` (did you mean ${near.join(' or ')}?)` : ''}\n`);
      return ExitCode.badOptions;
    }
    docs.push(moduleDoc(def));
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(Object.fromEntries(docs.map((d) => [d.name, d])), null, 2)}\n`);
  else process.stdout.write(docs.map(flags.snippet ? formatSnippet : formatModuleDoc).join('\n'));
  return ExitCode.ok;
}
