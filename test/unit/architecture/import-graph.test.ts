// The import graph of src/, read by madge (through the TypeScript parser, type-only imports and
// lazy `await import()` included): no circles, and src/core is the ground floor.
import { expect } from 'chai';
import madge from 'madge';

const graph = madge('src', {
  fileExtensions: ['ts'],
  tsConfig: 'tsconfig.json',
  detectiveOptions: { ts: { skipTypeImports: false, skipAsyncImports: false } },
});

describe('import graph of src/', function () {
  this.timeout(120_000);

  it('has no import circles', async () => {
    expect((await graph).circular()).to.deep.equal([]);
  });

  it('lets src/core import only src/core', async () => {
    const upward = Object.entries((await graph).obj())
      .filter(([file]) => file.startsWith('core/'))
      .flatMap(([file, deps]) => deps.filter((dep) => !dep.startsWith('core/')).map((dep) => `${file} -> ${dep}`));
    expect(upward).to.deep.equal([]);
  });
});
