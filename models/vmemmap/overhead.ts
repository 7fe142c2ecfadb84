import { GiB, KiB, MEMDESC_SIZE, MiB, PAGE_SIZE, STRUCT_PAGE_SIZE, STRUCT_PAGES_PER_VMEMMAP_PAGE, TiB } from '../parts/kernelConstants.ts';

/** Struct-page metadata of one scheme, per TiB of memory, from the real constants. */
export interface OverheadRow {
  readonly scheme: string;
  /** The page size the scheme manages memory in, bytes. */
  readonly pageSize: number;
  readonly bytesPerTiB: number;
  readonly percent: number;
  /** Vmemmap pages kept and freed per huge page, where the scheme shares tail vmemmap. */
  readonly vmemmapPagesKept?: number;
  readonly vmemmapPagesFreed?: number;
}

/**
 * Vmemmap pages a huge page of `basePages` frees when it keeps `kept`: the same formula for the
 * real geometry and the scaled model (whose frees the tests count).
 */
export const vmemmapPagesFreed = (basePages: number, structPagesPerVmemmapPage: number, kept: number) =>
  basePages / structPagesPerVmemmapPage - kept;

/**
 * PTE tables a 4 KiB-mapped vmemmap needs: one 4 KiB table per 2 MiB of vmemmap, i.e. 32 MiB
 * per TiB of memory whatever the huge page size (the 1 GiB device-DAX figure counts them).
 */
const vmemmapPteTablesPerTiB = ((TiB / PAGE_SIZE) * STRUCT_PAGE_SIZE) / (2 * MiB) * PAGE_SIZE;

function row(scheme: string, pageSize: number, bytesPerTiB: number, kept?: number): OverheadRow {
  const base = { scheme, pageSize, bytesPerTiB, percent: (100 * bytesPerTiB) / TiB };
  if (kept === undefined) return base;
  return { ...base, vmemmapPagesKept: kept, vmemmapPagesFreed: vmemmapPagesFreed(pageSize / PAGE_SIZE, STRUCT_PAGES_PER_VMEMMAP_PAGE, kept) };
}

/** Vmemmap kept per TiB when every huge page of `size` keeps `kept` vmemmap pages. */
const sharedTails = (size: number, kept: number) => (TiB / size) * kept * PAGE_SIZE;

/** Every scheme the seeds compare, largest overhead first. */
export function overheadRows(): OverheadRow[] {
  return [
    row('struct page', PAGE_SIZE, (TiB / PAGE_SIZE) * STRUCT_PAGE_SIZE),
    row('hvo-keep2', 2 * MiB, sharedTails(2 * MiB, 2), 2),
    // som memory lives in HVO-optimised 2 MiB HugeTLB chunks, so it saves what hvo-keep2 does (models/som/metadata.ts)
    row('som', 2 * MiB, sharedTails(2 * MiB, 2), 2),
    row('devdax-compound', 2 * MiB, sharedTails(2 * MiB, 2), 2),
    row('devdax-compound+pte-tables', 2 * MiB, sharedTails(2 * MiB, 2) + vmemmapPteTablesPerTiB, 2),
    row('hvo-keep1', 2 * MiB, sharedTails(2 * MiB, 1), 1),
    row('memdesc', PAGE_SIZE, (TiB / PAGE_SIZE) * MEMDESC_SIZE),
    row('devdax-compound+pte-tables', GiB, sharedTails(GiB, 2) + vmemmapPteTablesPerTiB, 2),
    row('hvo-keep2', GiB, sharedTails(GiB, 2), 2),
    row('devdax-compound', GiB, sharedTails(GiB, 2), 2),
    row('hvo-keep1', GiB, sharedTails(GiB, 1), 1),
  ];
}

const size = (bytes: number) =>
  bytes >= GiB ? `${+(bytes / GiB).toFixed(2)} GiB` : bytes >= MiB ? `${+(bytes / MiB).toFixed(2)} MiB` : `${+(bytes / KiB).toFixed(2)} KiB`;

/** The rows as an 80-column table. */
export function formatOverhead(rows: readonly OverheadRow[]): string {
  const lines = [`${'scheme'.padEnd(28)}${'page'.padStart(8)}${'per TiB'.padStart(12)}${'percent'.padStart(10)}${'kept/freed'.padStart(14)}`];
  for (const r of rows) {
    const pages = r.vmemmapPagesKept === undefined ? '' : `${r.vmemmapPagesKept}/${r.vmemmapPagesFreed}`;
    lines.push(`${r.scheme.padEnd(28)}${size(r.pageSize).padStart(8)}${size(r.bytesPerTiB).padStart(12)}${`${r.percent.toFixed(4)}%`.padStart(10)}${pages.padStart(14)}`);
  }
  lines.push('', 'kept/freed: vmemmap pages (4 KiB, 64 struct pages) per huge page');
  return lines.join('\n');
}
