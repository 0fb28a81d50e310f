// A file's parts and their SHA-256 digests, as a new upload declares them:
// the client picks the part size, hashes each part once before the upload
// is created, declares the digests' composite SHA-256, and PUTs each part
// with the digest already computed.

import { sha256Bytes, sha256OfParts } from "./hash.js";
import { toHex } from "./sha256.js";

/** A new upload's part size unless told otherwise: 16 MiB, as the Go SDK's. */
export const defaultPartSize = 16 << 20;

// The object store's limits: parts per upload, and a part's size (all but
// the last).
const maxParts = 10000;
/** The object store's smallest and largest part (all but the last). */
export const minPartSize = 5 << 20;
export const maxPartSize = 5 * 2 ** 30;

/** Throws a RangeError for a part size the object store does not take. */
export function checkPartSize(partSize: number): void {
  if (!Number.isSafeInteger(partSize) || partSize < minPartSize || partSize > maxPartSize) {
    throw new RangeError(`part size ${partSize}: want a whole number of bytes from ${minPartSize} to ${maxPartSize}`);
  }
}

/**
 * Returns the part size a new upload of `size` bytes uses: `preferred`
 * (default {@link defaultPartSize}), or, when that would make more than
 * 10000 parts, the smallest whole number of MiB that does not. The server
 * takes 5 MiB to 5 GiB (`upload` refuses others before hashing).
 */
export function partSizeFor(size: number, preferred = defaultPartSize): number {
  if (!Number.isSafeInteger(preferred) || preferred <= 0) throw new RangeError(`part size ${preferred}: want a positive integer`);
  const need = Math.ceil(size / maxParts);
  if (need <= preferred) return preferred;
  return Math.ceil(need / (1 << 20)) * (1 << 20);
}

/**
 * The SHA-256 of each part of a file, from {@link hashParts}: what a new
 * upload declares (`partsSha256` with `partSize`) and what its parts are
 * PUT with. Hand it to `upload` as `parts`.
 */
export interface PartDigests {
  /** The size of the file hashed, in bytes. */
  size: number;
  /** Every part but the last is exactly this long. */
  partSize: number;
  /** Each part's raw SHA-256 (32 bytes), in order. */
  digests: Uint8Array[];
  /**
   * The SHA-256 of the digests concatenated (S3's composite checksum),
   * lowercase hex: `CreateUpload`'s `partsSha256`.
   */
  partsSha256: string;
}

/** Options for {@link hashParts}. */
export interface HashPartsOptions {
  /** The preferred part size; see {@link partSizeFor}. */
  partSize?: number;
  /** Called with the bytes hashed so far. */
  onProgress?: (hashed: number) => void;
  signal?: AbortSignal;
}

/**
 * Hashes `file` part by part, as `upload` does before it creates an
 * upload: in a Web Worker in browsers (the page stays responsive), a few
 * parts at once. Start it when the user picks a file, while they fill in
 * a form, and pass the result to `upload` as `parts`: the upload then
 * starts without a hashing phase.
 */
export async function hashParts(file: Blob, opts: HashPartsOptions = {}): Promise<PartDigests> {
  const partSize = partSizeFor(file.size, opts.partSize);
  const all = await sha256OfParts(file, partSize, opts.onProgress, opts.signal);
  const digests = Array.from({ length: all.length / 32 }, (_, i) => all.subarray(32 * i, 32 * (i + 1)));
  return { size: file.size, partSize, digests, partsSha256: await compositeSha256(digests) };
}

/** Returns the composite SHA-256 (hex) of parts' raw digests, in order. */
export async function compositeSha256(digests: readonly Uint8Array[]): Promise<string> {
  const joined = new Uint8Array(32 * digests.length);
  digests.forEach((d, i) => joined.set(d, 32 * i));
  return toHex(await sha256Bytes(joined));
}
