// SHA-256 of Blobs: whole files hashed in chunks (Web Crypto has no
// streaming digest), parts in one go through Web Crypto when it exists.

import { sha256 } from "@noble/hashes/sha2.js";

/** Default read size while hashing a whole file. */
export const hashChunkBytes = 8 << 20;

/** Returns the lowercase hex SHA-256 of a blob, reading it chunk by chunk. */
export async function sha256Hex(
  blob: Blob,
  onProgress?: (hashed: number) => void,
  signal?: AbortSignal,
  chunk = hashChunkBytes,
): Promise<string> {
  const h = sha256.create();
  for (let off = 0; off < blob.size; off += chunk) {
    signal?.throwIfAborted();
    h.update(new Uint8Array(await blob.slice(off, off + chunk).arrayBuffer()));
    onProgress?.(Math.min(off + chunk, blob.size));
  }
  return toHex(h.digest());
}

/** Returns the standard base64 SHA-256 of bytes, as S3 checksums want it. */
export async function sha256Base64(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  // crypto.subtle exists only in secure contexts (https, localhost).
  const subtle = globalThis.crypto?.subtle;
  const sum = subtle ? new Uint8Array(await subtle.digest("SHA-256", bytes)) : sha256(bytes);
  let bin = "";
  for (const b of sum) bin += String.fromCharCode(b);
  return btoa(bin);
}

function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}
