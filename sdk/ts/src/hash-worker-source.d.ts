// Declares the module `npm run build` writes (scripts/build-worker.mjs):
// hash-worker.ts and hash-wasm bundled into one classic script.

/** The hashing worker's code, to start from a blob: URL. */
declare const source: string;
export default source;
