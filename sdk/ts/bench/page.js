// The hashing benchmark's page, bundled with the SDK into one script by
// bench/hash.bench.js (as an app's bundler would). `prepare` makes the
// pattern bytes; `hash` times one whole-file hash the way the SDK does it
// by default (in a Web Worker: Web Crypto in one call up to 512 MiB) or
// streamed through WebAssembly in the worker (what larger files get).

import { sha256Hex, sha256PartBase64 } from "../dist/index.js";
import { pattern } from "../test/browser/pattern.js";

let blob;

window.prepare = (size) => {
  blob = new Blob([pattern(size)]);
  return navigator.userAgent;
};

window.hash = async (mode) => {
  const t = performance.now();
  const hex = await (mode === "stream" ? sha256Hex(blob, undefined, undefined, 8 << 20, 0) : sha256Hex(blob));
  return { hex, ms: performance.now() - t };
};

window.part = async () => {
  const part = blob.slice(0, 16 << 20);
  const bytes = new Uint8Array(await part.arrayBuffer());
  const time = async (fn) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  return { subtle: await time(() => sha256PartBase64(part, bytes)), worker: await time(() => sha256PartBase64(part)) };
};

window.__ready = true;
