import { expect } from 'chai';
import { LAYER_ORDER, mergeVars, type VarLayers } from '../../../src/vars/precedence.ts';

// Sets `x` on the lower and the higher layer of each adjacent pair; the higher must win,
// whichever order the layers were given in.
function layer(name: (typeof LAYER_ORDER)[number], value: string): VarLayers {
  return name === 'blockVars' ? { blockVars: [{ x: value }] } : { [name]: { x: value } };
}

describe('variable precedence', () => {
  for (let i = 0; i + 1 < LAYER_ORDER.length; i++) {
    const lower = LAYER_ORDER[i];
    const higher = LAYER_ORDER[i + 1];
    it(`${higher} overrides ${lower}`, () => {
      const layers = { ...layer(higher, higher), ...layer(lower, lower) };
      expect(mergeVars(layers).x).to.equal(higher);
    });
  }

  it('applies block vars outer to inner', () => {
    expect(mergeVars({ blockVars: [{ x: 'outer', y: 'outer' }, { x: 'inner' }] })).to.deep.equal({ x: 'inner', y: 'outer' });
  });

  it('replaces dicts whole (hash_behaviour=replace) and keeps unrelated keys', () => {
    const merged = mergeVars({
      roleDefaults: { cfg: { a: 1, b: 2 }, only_default: true },
      playVars: { cfg: { a: 9 } },
    });
    expect(merged).to.deep.equal({ cfg: { a: 9 }, only_default: true });
  });

  it('does not change the layers', () => {
    const defaults = { x: 1 };
    mergeVars({ roleDefaults: defaults, extraVars: { x: 2, y: 3 } });
    expect(defaults).to.deep.equal({ x: 1 });
  });

  it("follows Ansible's documented order, lowest first", () => {
    expect(LAYER_ORDER).to.deep.equal([
      'roleDefaults',
      'inventoryGroupVars',
      'playbookGroupVars',
      'inventoryHostVars',
      'playbookHostVars',
      'facts',
      'playVars',
      'varsFiles',
      'roleVars',
      'blockVars',
      'taskVars',
      'includeVars',
      'setFacts',
      'roleParams',
      'extraVars',
      'magic',
    ]);
  });
});
