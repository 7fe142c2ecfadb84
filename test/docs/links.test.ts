import { describe, expect, it } from 'vitest';
import { brokenLinks } from './quoted.ts';

// README.md's links are checked in readme.test.ts, with the pages other branches add.
describe.each(['docs/writing-a-model.md', 'docs/testing.md'])('%s', (page) => {
  it('should link only to files that exist', () => {
    expect(brokenLinks(page)).toEqual([]);
  });
});
