// Deterministic pseudo-random numbers (mulberry32 over an FNV-1a hash) so a seed reproduces a run.

/** FNV-1a, 32 bit: a stable number from a string (seed material, not security). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: returns a generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A generator keyed by the run seed and a label, so unrelated picks do not shift each other. */
export function streamFor(seed: number, label: string): () => number {
  return seededRandom(hash32(`${seed}:${label}`));
}

/** An integer in [min, max], inclusive. */
export function pickInt(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
