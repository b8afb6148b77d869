/**
 * Seeded pseudo-random numbers (splitmix32 seeding a xorshift128+ style
 * generator would do; mulberry32 is enough here: the simulator draws few
 * numbers — phases and hash positions — and needs only determinism per seed).
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that seeds 0, 1, 2… start far apart.
    let s = (seed ^ 0x9e3779b9) >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
    this.state = (s ^ (s >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
