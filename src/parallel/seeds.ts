/**
 * Seed streams for parallel and sharded checking. Stream 0 is the seed itself, so one worker
 * checks exactly what plain `check --seed S` checks; stream j adds j golden-ratio steps, so
 * the streams of one seed are distinct 32-bit seeds for every j below 2^32 and each stream
 * replays on its own with `check --seed streamSeed(S, j)`.
 */
export function streamSeed(seed: number, stream: number): number {
  if (!Number.isInteger(stream) || stream < 0) throw new RangeError(`stream must be a whole number >= 0, got ${stream}`);
  return (seed + Math.imul(stream, 0x9e3779b9)) | 0;
}

/** Split `runs` over `workers` as evenly as can be: the first `runs % workers` get one more. */
export function splitRuns(runs: number, workers: number): number[] {
  return Array.from({ length: workers }, (_, w) => Math.floor(runs / workers) + (w < runs % workers ? 1 : 0));
}
