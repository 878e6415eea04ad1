// test/unit mirrors the code, so a unit test is found beside its src folder's name: every
// *.test.ts sits in a folder that exists under src/, or under bench/ or roles/ for their tests
// (test/unit/bench/..., test/unit/roles/...). Whole-tree checks live here, in architecture/.
import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const unitRoot = join(root, 'test', 'unit');
const topLevelHomes = ['bench', 'roles'];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function hasCounterpart(testFolder: string): boolean {
  if (testFolder === '') return false;
  const [top] = testFolder.split(sep);
  if (top === 'architecture') return true;
  return existsSync(join(root, topLevelHomes.includes(top) ? '' : 'src', testFolder));
}

describe('test/unit layout', () => {
  it('puts every unit test in a folder that mirrors src/ (or bench/, roles/)', () => {
    const misplaced = testFiles(unitRoot)
      .map((file) => relative(unitRoot, dirname(file)))
      .filter((folder, i, all) => all.indexOf(folder) === i)
      .filter((folder) => !hasCounterpart(folder))
      .map((folder) => `test/unit/${folder || '.'} has no counterpart under src/, bench/ or roles/`);
    expect(misplaced).to.deep.equal([]);
  });
});
