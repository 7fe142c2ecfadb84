/**
 * The visited set of an exhaustive search: 64-bit fingerprints in an open-addressing table
 * (one Int32Array, the two lanes side by side so that a probe touches one cache line; linear
 * probing, grown at half load), 32 bytes or less per state and no object per entry. The
 * all-zero fingerprint marks an empty slot, so it is stored as another.
 *
 * In front of it, a small direct-mapped cache of the fingerprints last looked up: in a
 * breadth-first search most successors already seen were seen a moment ago (a step that
 * changes nothing, two steps in either order), and the cache answers in a cache line that is
 * near, where the table, tens of MiB, costs a miss to memory (8 in 10 repeats in the folio
 * model are answered there).
 */
const RECENT_BITS = 14;

export class VisitedSet {
  private readonly recent = new Int32Array(2 << RECENT_BITS);
  private lanes: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    let size = 1 << 4;
    while (size < capacity * 2) size *= 2;
    this.lanes = new Int32Array(2 * size);
    this.mask = size - 1;
  }

  /** How many fingerprints the set holds. */
  get size(): number {
    return this.count;
  }

  /** The bytes the table takes. */
  get bytes(): number {
    return this.lanes.byteLength;
  }

  /** Add a fingerprint; true when it was new. */
  add(a: number, b: number): boolean {
    if (a === 0 && b === 0) b = 1;
    // lane B's low bits, not lane A's that pick the table's slot
    const near = 2 * (b & ((1 << RECENT_BITS) - 1));
    if (this.recent[near] === a && this.recent[near + 1] === b) return false;
    this.recent[near] = a;
    this.recent[near + 1] = b;
    const lanes = this.lanes;
    const mask = this.mask;
    // lane A is a finalised hash, so its low bits pick a slot well
    let slot = a & mask;
    for (;;) {
      const slotA = lanes[2 * slot]!;
      const slotB = lanes[2 * slot + 1]!;
      if (slotA === 0 && slotB === 0) break;
      if (slotA === a && slotB === b) return false;
      slot = (slot + 1) & mask;
    }
    lanes[2 * slot] = a;
    lanes[2 * slot + 1] = b;
    if (++this.count * 2 > mask) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.lanes;
    const size = old.length; // twice the slots
    this.lanes = new Int32Array(2 * size);
    this.mask = size - 1;
    for (let i = 0; i < old.length; i += 2) {
      const a = old[i]!;
      const b = old[i + 1]!;
      if (a === 0 && b === 0) continue;
      let slot = a & this.mask;
      while (this.lanes[2 * slot] !== 0 || this.lanes[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
      this.lanes[2 * slot] = a;
      this.lanes[2 * slot + 1] = b;
    }
  }
}
