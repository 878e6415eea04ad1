import { expect } from 'chai';
import { shouldRunTags, splitTagList } from '../../../src/run/tags.ts';

const sel = (only: string[] = [], skip: string[] = []) => ({ only, skip });

describe('tag selection (Ansible semantics)', () => {
  it('runs everything but never-tagged tasks when no tags are given', () => {
    expect(shouldRunTags([], sel())).to.equal(true);
    expect(shouldRunTags(['web'], sel())).to.equal(true);
    expect(shouldRunTags(['never'], sel())).to.equal(false);
    expect(shouldRunTags(['never', 'debug'], sel(['debug']))).to.equal(true);
  });
  it('--tags selects overlapping tags and always', () => {
    expect(shouldRunTags(['web'], sel(['web']))).to.equal(true);
    expect(shouldRunTags(['db'], sel(['web']))).to.equal(false);
    expect(shouldRunTags([], sel(['web']))).to.equal(false);
    expect(shouldRunTags(['always'], sel(['web']))).to.equal(true);
  });
  it('tagged and untagged', () => {
    expect(shouldRunTags(['x'], sel(['tagged']))).to.equal(true);
    expect(shouldRunTags([], sel(['tagged']))).to.equal(false);
    expect(shouldRunTags([], sel(['untagged']))).to.equal(true);
    expect(shouldRunTags(['x'], sel(['untagged']))).to.equal(false);
    expect(shouldRunTags(['x'], sel([], ['tagged']))).to.equal(false);
    expect(shouldRunTags([], sel([], ['tagged']))).to.equal(true);
  });
  it('--skip-tags removes matches; always survives unless skipped explicitly', () => {
    expect(shouldRunTags(['web'], sel([], ['web']))).to.equal(false);
    expect(shouldRunTags(['always'], sel([], ['web']))).to.equal(true);
    expect(shouldRunTags(['always'], sel([], ['always']))).to.equal(false);
    expect(shouldRunTags(['always'], sel([], ['all']))).to.equal(true);
    expect(shouldRunTags(['x'], sel([], ['all']))).to.equal(false);
  });
  it('splits comma-separated lists', () => {
    expect(splitTagList(['a,b', ' c '])).to.deep.equal(['a', 'b', 'c']);
  });
});
