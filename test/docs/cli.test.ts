import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { brokenLinks, staleRuns } from './quoted.ts';

describe('docs/cli.md', () => {
  it('should quote its example runs as the commands print them today', () => {
    expect(staleRuns('docs/cli.md', { registry })).toEqual([]);
  });

  it('should link only to files that exist', () => {
    expect(brokenLinks('docs/cli.md')).toEqual([]);
  });
});
