// SHA-256 of Blobs for uploads. Whole files are hashed in a Web Worker in
// browsers (the page stays responsive) and on the calling thread elsewhere
// (Node): by Web Crypto in one call when they fit in memory, else
// incrementally by WebAssembly. Parts by Web Crypto where it exists
// (native, off the page's thread), else the same way as whole files.

import { WorkerUnavailable, digestInWorker, workersAvailable } from "./hash-pool.js";
import { digestBlob, hashChunkBytes, hashInMemoryMax, newHasher, toBase64, toHex } from "./sha256.js";

export { hashChunkBytes, hashInMemoryMax };

/**
 * Returns the lowercase hex SHA-256 of a blob, reading it `chunk` bytes at
 * a time in a Web Worker when the environment has one (else on this
 * thread) and reporting the bytes read so far. A blob of at most
 * `inMemoryMax` bytes (default 512 MiB; 0: never) is held in memory and
 * hashed by Web Crypto in one call, where Web Crypto exists; a larger one
 * streams through WebAssembly.
 */
export async function sha256Hex(
  blob: Blob,
  onProgress?: (hashed: number) => void,
  signal?: AbortSignal,
  chunk = hashChunkBytes,
  inMemoryMax = hashInMemoryMax,
): Promise<string> {
  return toHex(await digest(blob, chunk, inMemoryMax, onProgress, signal));
}

/** Returns the standard base64 SHA-256 of bytes, as S3 checksums want it. */
export async function sha256Base64(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  // crypto.subtle exists only in secure contexts (https, localhost).
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return toBase64(new Uint8Array(await subtle.digest("SHA-256", bytes)));
  const h = await newHasher();
  h.update(bytes);
  return toBase64(h.digest());
}

/**
 * Returns the standard base64 SHA-256 of a part of a file. `bytes`, when
 * given, are the part's bytes already read (hashed with Web Crypto when it
 * exists); without Web Crypto the part is hashed in the worker.
 */
export async function sha256PartBase64(part: Blob, bytes?: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<string> {
  if (bytes && globalThis.crypto?.subtle) return sha256Base64(bytes);
  return toBase64(await digest(part, hashChunkBytes, hashInMemoryMax, undefined, signal));
}

async function digest(
  blob: Blob,
  chunk: number,
  inMemoryMax: number,
  onProgress?: (hashed: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (workersAvailable()) {
    try {
      return await digestInWorker(blob, chunk, inMemoryMax, onProgress, signal);
    } catch (err) {
      if (!(err instanceof WorkerUnavailable)) throw err;
    }
  }
  signal?.throwIfAborted();
  return digestBlob(blob, chunk, onProgress, () => signal?.aborted ?? false, inMemoryMax).catch((err: unknown) => {
    signal?.throwIfAborted();
    throw err;
  });
}
