// SHA-256 of Blobs for uploads. Whole files, and a file's parts before an
// upload, are hashed in a Web Worker in browsers (the page stays
// responsive) and on the calling thread elsewhere (Node): by Web Crypto in
// one call when they fit in memory, else incrementally by WebAssembly. A
// part already read for its PUT by Web Crypto where it exists (native, off
// the page's thread), else the same way as whole files.

import { WorkerUnavailable, digestInWorker, workersAvailable } from "./hash-pool.js";
import { digestByPlan, hashChunkBytes, hashInMemoryMax, newHasher, toBase64, toHex } from "./sha256.js";
import type { DigestPlan } from "./sha256.js";

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
  return toHex(await digest(blob, { chunk, inMemoryMax, partSize: 0 }, onProgress, signal));
}

/**
 * Returns the raw SHA-256 of each `partSize` part of a blob (the last one
 * shorter), concatenated: 32 bytes a part. Runs like {@link sha256Hex}.
 */
export async function sha256OfParts(
  blob: Blob,
  partSize: number,
  onProgress?: (hashed: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  return digest(blob, { chunk: hashChunkBytes, inMemoryMax: hashInMemoryMax, partSize }, onProgress, signal);
}

/** Returns the standard base64 SHA-256 of bytes, as S3 checksums want it. */
export async function sha256Base64(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64(await sha256Bytes(bytes));
}

/** Returns the raw SHA-256 of bytes. */
export async function sha256Bytes(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  // crypto.subtle exists only in secure contexts (https, localhost).
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return new Uint8Array(await subtle.digest("SHA-256", bytes));
  const h = await newHasher();
  h.update(bytes);
  return h.digest();
}

/**
 * Returns the standard base64 SHA-256 of a part of a file. `bytes`, when
 * given, are the part's bytes already read (hashed with Web Crypto when it
 * exists); without Web Crypto the part is hashed in the worker.
 */
export async function sha256PartBase64(part: Blob, bytes?: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<string> {
  return toBase64(await sha256Part(part, bytes, signal));
}

/** {@link sha256PartBase64}, raw. */
export async function sha256Part(part: Blob, bytes?: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<Uint8Array> {
  if (bytes && globalThis.crypto?.subtle) return sha256Bytes(bytes);
  return digest(part, { chunk: hashChunkBytes, inMemoryMax: hashInMemoryMax, partSize: 0 }, undefined, signal);
}

async function digest(
  blob: Blob,
  plan: DigestPlan,
  onProgress?: (hashed: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (workersAvailable()) {
    try {
      return await digestInWorker(blob, plan, onProgress, signal);
    } catch (err) {
      if (!(err instanceof WorkerUnavailable)) throw err;
    }
  }
  signal?.throwIfAborted();
  return digestByPlan(blob, plan, onProgress, () => signal?.aborted ?? false).catch((err: unknown) => {
    signal?.throwIfAborted();
    throw err;
  });
}
