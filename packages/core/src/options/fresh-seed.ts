/**
 * The seed of a randomized check the user gave none: new for every call, a 32-bit integer as fast-check
 * takes it, and printed with any failure so the run can be replayed with `seed`.
 */
export function freshSeed(): number {
  return (Date.now() ^ (Math.random() * 0x100000000)) | 0;
}
