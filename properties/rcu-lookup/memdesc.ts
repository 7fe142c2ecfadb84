import type { AlwaysProperty } from '../../src/index.ts';
import { badMemdescTag, memdescAddress, memdescAligned, memdescType } from '../../models/parts/memdesc.ts';
import { CACHE_BASE, type LookupState } from '../../models/rcu-lookup/state.ts';
import type { LookupKnobs } from '../../models/rcu-lookup/knobs.ts';

export const memdescDecodes: AlwaysProperty<LookupState, LookupKnobs> = {
  kind: 'always',
  name: 'memdesc-decodes',
  meaning: 'every cached page\'s memdesc word decodes: a valid tag and an aligned pointer to its live folio',
  rule: '4-bit tag in the low bits: every memdesc allocation is 16-byte aligned',
  check: (s, knobs) => {
    // the word's tag and pointer read in place (no decoded object): this runs on every state
    for (let index = 0; index < s.pagecache.length; index++) {
      const obj = s.pagecache[index];
      if (obj === undefined) continue;
      const word = s.memdesc[obj]!;
      const type = memdescType(word);
      if (type === undefined) return `index ${index} (page ${obj}): memdesc 0x${word.toString(16)}: ${badMemdescTag(word)}`;
      const address = memdescAddress(word);
      const slot = (address - CACHE_BASE) / knobs.objectSize;
      if (type !== 'file' || !memdescAligned(address) || slot !== obj) {
        return `index ${index} (page ${obj}): memdesc 0x${word.toString(16)} decodes to ${type} at 0x${address.toString(16)}, not desc ${obj}`;
      }
    }
    return undefined;
  },
};
