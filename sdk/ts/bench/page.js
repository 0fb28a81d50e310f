// The hashing benchmark's page, bundled with the SDK into one script by
// bench/hash.bench.js (as an app's bundler would): hashes the pattern
// bytes with the SDK's whole-file SHA-256 (a Web Worker running
// WebAssembly) and, for parts, with Web Crypto and with the worker.

import { sha256Hex, sha256PartBase64 } from "../dist/index.js";
import { pattern } from "../test/browser/pattern.js";

async function run(size, rounds) {
  const blob = new Blob([pattern(size)]);
  const runs = [];
  let hex;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    hex = await sha256Hex(blob);
    runs.push(performance.now() - t);
  }
  const part = blob.slice(0, 16 << 20);
  const bytes = new Uint8Array(await part.arrayBuffer());
  const time = async (fn) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  const partSubtle = await time(() => sha256PartBase64(part, bytes));
  const partWorker = await time(() => sha256PartBase64(part));
  return { hex, runs, partSubtle, partWorker, userAgent: navigator.userAgent };
}

window.bench = run;
window.__ready = true;
