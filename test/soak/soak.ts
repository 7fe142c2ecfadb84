import { describe, expect, it } from 'vitest';
import { registry } from '../../registry/index.ts';
import { streamSeed } from '../../src/parallel/seeds.ts';
import { assertProposalHolds } from '../../src/testing.ts';

/** The soak's base seed and runs per proposal, from the environment so a red run replays. */
export const SOAK_SEED = Number(process.env.MEMCHECK_SOAK_SEED ?? 20261202);
const RUNS = Number(process.env.MEMCHECK_SOAK_RUNS ?? 5000);
/** The exhaustive pass's cap after the runs; unset: each model's budget. */
const STATES = process.env.MEMCHECK_SOAK_STATES === undefined ? undefined : Number(process.env.MEMCHECK_SOAK_STATES);

/**
 * One file of the soak suite checks every registered proposal on seed stream `stream` of the
 * base seed. Vitest shards by file, so `--shard i/n` gives each machine a disjoint set of
 * streams, and `--merge-reports` joins their blob reports.
 */
export function soakStream(stream: number): void {
  const seed = streamSeed(SOAK_SEED, stream);
  describe(`soak stream ${stream} (seed ${seed}, ${RUNS} runs a proposal)`, () => {
    it.each(registry.map((m) => [m.name, m] as const))('should hold for the %s proposal', (_, model) => {
      const exhaustive = STATES === undefined ? {} : { exhaustive: { maxStates: STATES } };
      expect(assertProposalHolds(model, { seed, runs: RUNS, ...exhaustive }).met).toBe(true);
    });
  });
}
