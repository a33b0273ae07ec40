/**
 * A small seeded PRNG (mulberry32) so weight initialisation, shuffling and dropout masks repeat
 * exactly for a given seed on every backend — tfjs's own initialisers draw from Math.random unless
 * seeded one by one, and a Bidirectional wrapper clones its inner layer's seed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A 31-bit integer, for seeding tfjs ops that accept a seed. */
  int(): number;
}

export function createRng(seed: number): Rng {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    // 1 - next() keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { next, normal, int: () => Math.floor(next() * 2147483647) };
}

/** Derives an independent stream for a numbered purpose (layer k, epoch e…) from one user seed. */
export function deriveSeed(seed: number, ...path: number[]): number {
  let h = (Math.floor(seed) * 2654435761) >>> 0;
  for (const part of path) h = (Math.imul(h ^ (part + 0x7f4a7c15), 0x85ebca6b) + 0x27d4eb2f) >>> 0;
  return h;
}
