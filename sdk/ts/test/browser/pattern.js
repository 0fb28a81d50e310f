// Deterministic test bytes, made the same way in the page and in Node so
// both can hash the same file without sending it across.

/** Returns `size` bytes of xorshift32 output from `seed`. */
export function pattern(size, seed = 0x9e3779b9) {
  const out = new Uint8Array(size);
  const words = new Uint32Array(out.buffer, 0, size >>> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  for (let i = words.length * 4; i < size; i++) out[i] = i & 0xff;
  return out;
}
