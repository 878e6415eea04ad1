// The README's keyword and module tables are the user's reference, so they must name everything
// warren accepts: every play, task, block and handler keyword of the load schemas, every loop
// lookup and meta action, every registered module; and every module the status table names exists.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IMPORT_ACTIONS, META_ACTIONS } from '../../../src/load/actions.ts';
import { LOOP_LOOKUPS } from '../../../src/load/loop-keywords.ts';
import { playSchema } from '../../../src/load/schemas/play.ts';
import { blockSchema, handlerKeywordsSchema, taskKeywordsSchema } from '../../../src/load/schemas/task.ts';
import { findModule, moduleNames } from '../../../src/modules/registry.ts';

const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

/** The section under a `## title` heading, up to the next `## `. */
function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, `README section '## ${title}'`).to.be.greaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** Every word inside backticks in the text (`a b c` gives a, b, c). */
function backtickedWords(text: string): Set<string> {
  return new Set([...text.matchAll(/`([^`]+)`/g)].flatMap((m) => m[1]!.split(/[\s,]+/)).filter(Boolean));
}

/** The second cell of the table row whose first cell is `first`. */
function rowCell(text: string, first: string): string {
  const row = text.split('\n').find((l) => l.startsWith(`| ${first} |`));
  expect(row, `README table row '${first}'`).to.be.a('string');
  return row!.slice(`| ${first} |`.length);
}

const keywordTable = section('Usage');
const missing = (words: Set<string>, wanted: string[]) => wanted.filter((w) => !words.has(w));

describe('README tables against the code', () => {
  it('the play row names every play keyword of the schema', () => {
    expect(missing(backtickedWords(rowCell(keywordTable, 'play')), Object.keys(playSchema.properties))).to.deep.equal([]);
  });

  it('the task, block, handler row names every task, block and handler keyword (loops have their row)', () => {
    const loops = new Set(['loop', 'loop_control', ...LOOP_LOOKUPS.map((l) => `with_${l}`)]);
    const keywords = [...Object.keys(taskKeywordsSchema.properties), ...Object.keys(handlerKeywordsSchema.properties), ...Object.keys(blockSchema.properties)];
    const wanted = [...new Set(keywords)].filter((k) => !loops.has(k));
    expect(missing(backtickedWords(rowCell(keywordTable, 'task, block, handler')), wanted)).to.deep.equal([]);
  });

  it('the loops row names loop, loop_control and its options, and every with_<lookup>', () => {
    const loopControl = Object.keys(taskKeywordsSchema.properties.loop_control.properties);
    const wanted = ['loop', 'loop_control', ...loopControl, ...LOOP_LOOKUPS.map((l) => `with_${l}`)];
    expect(missing(backtickedWords(rowCell(keywordTable, 'loops')), wanted)).to.deep.equal([]);
  });

  it('the includes row names every import and include action', () => {
    expect(missing(backtickedWords(rowCell(keywordTable, 'includes')), [...IMPORT_ACTIONS, 'import_playbook'])).to.deep.equal([]);
  });

  it('the meta row names every meta action', () => {
    expect(missing(backtickedWords(rowCell(keywordTable, 'meta')), META_ACTIONS)).to.deep.equal([]);
  });

  it('the Modules section names every registered module', () => {
    expect(missing(backtickedWords(section('Modules')), moduleNames())).to.deep.equal([]);
  });

  it('every module the status table lists is registered', () => {
    const modules = section('Modules');
    const statusRows = modules.slice(modules.indexOf('| module | status |')).split('\n\n')[0]!.split('\n').slice(2);
    const listed = statusRows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    expect(listed.length).to.be.greaterThan(10);
    expect(listed.filter((name) => !findModule(name))).to.deep.equal([]);
  });
});
