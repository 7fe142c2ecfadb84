import type { AlwaysProperty } from '../../src/index.ts';
import { decodeMemdesc, memdescAligned } from '../../models/parts/memdesc.ts';
import { CACHE_BASE, type LookupState } from '../../models/rcu-lookup/state.ts';
import type { LookupKnobs } from '../../models/rcu-lookup/knobs.ts';

export const memdescDecodes: AlwaysProperty<LookupState, LookupKnobs> = {
  kind: 'always',
  name: 'memdesc-decodes',
  meaning: 'every cached page\'s memdesc word decodes: a valid tag and an aligned pointer to its live folio',
  rule: '4-bit tag in the low bits: every memdesc allocation is 16-byte aligned',
  check: (s, knobs) => {
    for (const [index, obj] of s.pagecache.entries()) {
      if (obj === undefined) continue;
      const word = s.memdesc[obj]!;
      const decoded = decodeMemdesc(word);
      if ('error' in decoded) return `index ${index} (page ${obj}): memdesc 0x${word.toString(16)}: ${decoded.error}`;
      const slot = (decoded.address - CACHE_BASE) / knobs.objectSize;
      if (decoded.type !== 'file' || !memdescAligned(decoded.address) || slot !== obj) {
        return `index ${index} (page ${obj}): memdesc 0x${word.toString(16)} decodes to ${decoded.type} at 0x${decoded.address.toString(16)}, not desc ${obj}`;
      }
    }
    return undefined;
  },
};
