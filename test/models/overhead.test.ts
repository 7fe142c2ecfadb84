import { describe, expect, it } from 'vitest';
import { GiB, MiB, PAGE_SIZE, TiB } from '../../models/parts/kernelConstants.ts';
import { somMetadataSaving } from '../../models/som/metadata.ts';
import { formatOverhead, overheadRows } from '../../models/vmemmap/overhead.ts';

const find = (scheme: string, pageSize: number) => {
  const row = overheadRows().find((r) => r.scheme === scheme && r.pageSize === pageSize);
  if (row === undefined) throw new Error(`no row ${scheme} ${pageSize}`);
  return row;
};

describe('struct-page overhead from the real constants', () => {
  it('should give 16 GiB per TiB (1.6%) for 64-byte struct pages and 0.2% for 8-byte memdescs', () => {
    expect(find('struct page', PAGE_SIZE)).toMatchObject({ bytesPerTiB: 16 * GiB });
    expect(find('struct page', PAGE_SIZE).percent.toFixed(1)).toBe('1.6');
    expect(find('memdesc', PAGE_SIZE).percent.toFixed(1)).toBe('0.2');
  });

  it('should give 4 GiB with 2 MiB and 8 MiB with 1 GiB compound pages, 40 MiB counting PTE tables', () => {
    expect(find('devdax-compound', 2 * MiB).bytesPerTiB).toBe(4 * GiB);
    expect(find('devdax-compound', GiB).bytesPerTiB).toBe(8 * MiB);
    expect(find('devdax-compound+pte-tables', GiB).bytesPerTiB).toBe(40 * MiB);
  });

  it('should free 6 vmemmap pages (24 KiB, 1.2%) per 2 MiB keeping 2, and 7 / 4095 keeping 1', () => {
    const keep2 = find('hvo-keep2', 2 * MiB);
    expect(keep2).toMatchObject({ vmemmapPagesKept: 2, vmemmapPagesFreed: 6 });
    const saved = keep2.vmemmapPagesFreed! * PAGE_SIZE;
    expect(saved).toBe(24 * 1024);
    expect(((100 * saved) / (2 * MiB)).toFixed(1)).toBe('1.2');
    expect(find('hvo-keep1', 2 * MiB)).toMatchObject({ vmemmapPagesFreed: 7, bytesPerTiB: 2 * GiB });
    expect(find('hvo-keep1', GiB)).toMatchObject({ vmemmapPagesFreed: 4095, bytesPerTiB: 4 * MiB });
    expect(find('hvo-keep2', GiB).vmemmapPagesFreed).toBe(4094);
  });

  it('should report the som chunk\'s saving per 2 MiB as the som model computes it: 6 vmemmap pages, 24 KiB', () => {
    const som = find('som', 2 * MiB);
    const saving = somMetadataSaving();
    expect(som).toMatchObject({ vmemmapPagesKept: saving.vmemmapPagesKept, vmemmapPagesFreed: saving.vmemmapPagesFreed });
    expect(som.vmemmapPagesFreed! * PAGE_SIZE).toBe(saving.bytesSaved);
    expect(saving.bytesSaved).toBe(24 * 1024);
    expect(som.bytesPerTiB).toBe(find('hvo-keep2', 2 * MiB).bytesPerTiB);
  });

  it('should keep every percentage consistent with its bytes and print within 80 columns', () => {
    for (const r of overheadRows()) expect(r.percent).toBeCloseTo((100 * r.bytesPerTiB) / TiB, 10);
    expect(formatOverhead(overheadRows()).split('\n').every((l) => l.length <= 80)).toBe(true);
  });
});
