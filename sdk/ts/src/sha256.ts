// The SHA-256 engine shared by the page and the hashing worker:
// WebAssembly (hash-wasm) where the environment allows it, else pure
// TypeScript (@noble/hashes), e.g. under a Content-Security-Policy without
// 'wasm-unsafe-eval'.

import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { createSHA256 } from "hash-wasm";

/** An incremental SHA-256. */
export interface Hasher {
  update(bytes: Uint8Array): void;
  digest(): Uint8Array;
}

let wasmBroken = false;

/** Returns a fresh SHA-256, WebAssembly when it can be instantiated. */
export async function newHasher(): Promise<Hasher> {
  if (!wasmBroken) {
    try {
      const h = await createSHA256();
      h.init();
      return {
        update: (b) => void h.update(b),
        digest: () => h.digest("binary"),
      };
    } catch {
      // WebAssembly missing or refused (CSP): the slower hash still works.
      wasmBroken = true;
    }
  }
  const h = nobleSha256.create();
  return { update: (b) => void h.update(b), digest: () => h.digest() };
}

/** Default read size while hashing a whole file. */
export const hashChunkBytes = 8 << 20;

/**
 * Hashes a blob on the calling thread, reading `chunk` bytes at a time and
 * reporting the bytes hashed so far.
 */
export async function digestBlob(
  blob: Blob,
  chunk: number,
  onProgress?: (hashed: number) => void,
  cancelled?: () => boolean,
): Promise<Uint8Array> {
  const h = await newHasher();
  for (let off = 0; off < blob.size; off += chunk) {
    if (cancelled?.()) throw new Error("hashing cancelled");
    h.update(new Uint8Array(await blob.slice(off, off + chunk).arrayBuffer()));
    onProgress?.(Math.min(off + chunk, blob.size));
  }
  return h.digest();
}

/** Lowercase hex of bytes. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** Standard base64 of bytes. */
export function toBase64(b: Uint8Array): string {
  let bin = "";
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin);
}
