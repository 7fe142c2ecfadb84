/**
 * The visited set of an exhaustive search: 64-bit fingerprints in an open-addressing table
 * (two Int32Arrays, linear probing, grown at half load), 16 bytes or less per state and no
 * object per entry. The all-zero fingerprint marks an empty slot, so it is stored as another.
 */
export class VisitedSet {
  private lanesA: Int32Array;
  private lanesB: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    let size = 1 << 4;
    while (size < capacity * 2) size *= 2;
    this.lanesA = new Int32Array(size);
    this.lanesB = new Int32Array(size);
    this.mask = size - 1;
  }

  /** How many fingerprints the set holds. */
  get size(): number {
    return this.count;
  }

  /** The bytes the table takes. */
  get bytes(): number {
    return this.lanesA.byteLength + this.lanesB.byteLength;
  }

  /** Add a fingerprint; true when it was new. */
  add(a: number, b: number): boolean {
    if (a === 0 && b === 0) b = 1;
    const lanesA = this.lanesA;
    const lanesB = this.lanesB;
    const mask = this.mask;
    let slot = a & mask;
    for (;;) {
      const slotA = lanesA[slot]!;
      const slotB = lanesB[slot]!;
      if (slotA === 0 && slotB === 0) break;
      if (slotA === a && slotB === b) return false;
      slot = (slot + 1) & mask;
    }
    lanesA[slot] = a;
    lanesB[slot] = b;
    if (++this.count * 2 > mask) this.grow();
    return true;
  }

  private grow(): void {
    const oldA = this.lanesA;
    const oldB = this.lanesB;
    const size = oldA.length * 2;
    this.lanesA = new Int32Array(size);
    this.lanesB = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < oldA.length; i++) {
      const a = oldA[i]!;
      const b = oldB[i]!;
      if (a === 0 && b === 0) continue;
      let slot = a & this.mask;
      while (this.lanesA[slot] !== 0 || this.lanesB[slot] !== 0) slot = (slot + 1) & this.mask;
      this.lanesA[slot] = a;
      this.lanesB[slot] = b;
    }
  }
}
