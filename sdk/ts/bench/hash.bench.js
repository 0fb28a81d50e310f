// Hashing throughput of the SDK's whole-file SHA-256 (pure-TS, chunked,
// as in a browser) and per-part SHA-256 (Web Crypto), each against
// node:crypto on the same bytes in the same run. `npm run bench`.

import { createHash, randomBytes } from "node:crypto";

import { sha256Base64, sha256Hex } from "../dist/index.js";

const MiB = 1 << 20;
const size = Number(process.env.BENCH_MIB ?? 64) * MiB;
const chunk = randomBytes(8 * MiB);
const blob = new Blob(Array.from({ length: size / chunk.length }, () => chunk));

async function time(fn, rounds = 3) {
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const rate = (ms) => `${((size / MiB) / (ms / 1000)).toFixed(0)} MiB/s`;

const base = await time(async () => {
  const h = createHash("sha256");
  for (let off = 0; off < blob.size; off += 8 * MiB) h.update(new Uint8Array(await blob.slice(off, off + 8 * MiB).arrayBuffer()));
  h.digest("hex");
});
const sdk = await time(() => sha256Hex(blob));
console.log(`whole file, ${size / MiB} MiB: sha256Hex ${rate(sdk)}, node:crypto ${rate(base)}, ratio ${(sdk / base).toFixed(2)}x`);

const part = new Uint8Array(await blob.slice(0, 16 * MiB).arrayBuffer());
const partBase = await time(async () => createHash("sha256").update(part).digest("base64"), 5);
const partSdk = await time(() => sha256Base64(part), 5);
const r = (ms) => `${(16 / (ms / 1000)).toFixed(0)} MiB/s`;
console.log(`one 16 MiB part: sha256Base64 (Web Crypto) ${r(partSdk)}, node:crypto ${r(partBase)}, ratio ${(partSdk / partBase).toFixed(2)}x`);
