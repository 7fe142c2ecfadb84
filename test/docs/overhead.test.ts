import { describe, expect, it } from 'vitest';
import { formatOverhead, overheadRows } from '../../models/vmemmap/overhead.ts';
import { registry } from '../../registry/index.ts';
import { brokenLinks, staleRuns } from './quoted.ts';

const page = 'docs/overhead.md';
const overhead = () => ({ rows: overheadRows(), text: formatOverhead(overheadRows()) });

describe(page, () => {
  it('should quote the table as `memcheck overhead` prints it today', () => {
    expect(staleRuns(page, { registry, overhead })).toEqual([]);
  });

  it('should link only to files that exist', () => {
    expect(brokenLinks(page)).toEqual([]);
  });
});
