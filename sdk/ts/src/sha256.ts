// The SHA-256 engine shared by the page and the hashing worker: Web
// Crypto in one call for blobs that fit in memory; incrementally,
// WebAssembly (hash-wasm) where the environment allows it, else pure
// TypeScript (@noble/hashes), e.g. under a Content-Security-Policy without
// 'wasm-unsafe-eval'.

import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { createSHA256 } from "hash-wasm";

import { inLanes } from "./lanes.js";

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

/**
 * Default read size while hashing a whole file. Each read is a round trip
 * to the browser's blob store, so fewer, larger reads go faster (32 MiB
 * slices read 2-3x faster than 8 MiB ones in Chromium).
 */
export const hashChunkBytes = 32 << 20;

/**
 * Default size up to which a blob is read into memory and hashed in one
 * Web Crypto call. Web Crypto is native (SHA extensions where the CPU has
 * them; several times faster than WebAssembly) but has no incremental
 * digest, so larger blobs stream through WebAssembly instead.
 */
export const hashInMemoryMax = 512 << 20;

/**
 * Hashes a blob on the calling thread: with Web Crypto in one call when
 * it exists and the blob is at most `inMemoryMax` bytes (and that much
 * memory can be had), else incrementally, reading `chunk` bytes at a
 * time. Reports the bytes read so far.
 */
export async function digestBlob(
  blob: Blob,
  chunk: number,
  onProgress?: (hashed: number) => void,
  cancelled?: () => boolean,
  inMemoryMax = hashInMemoryMax,
): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle && blob.size <= inMemoryMax) {
    const whole = allocate(blob.size);
    if (whole) {
      for await (const [off, bytes] of slices(blob, chunk, cancelled)) {
        whole.set(bytes, off);
        onProgress?.(off + bytes.byteLength);
      }
      return new Uint8Array(await subtle.digest("SHA-256", whole));
    }
  }
  const h = await newHasher();
  for await (const [off, bytes] of slices(blob, chunk, cancelled)) {
    h.update(bytes);
    onProgress?.(off + bytes.byteLength);
  }
  return h.digest();
}

/**
 * Hashes a blob part by part: the SHA-256 of each `partSize` slice (the
 * last one shorter), concatenated, 32 bytes a part. Each part is hashed
 * as {@link digestBlob} hashes a blob; a few parts at once (at most 64 MiB
 * of them), so reads overlap digests and Web Crypto's run side by side.
 * Reports the bytes hashed so far.
 */
export async function digestParts(
  blob: Blob,
  partSize: number,
  chunk: number,
  onProgress?: (hashed: number) => void,
  cancelled?: () => boolean,
  inMemoryMax = hashInMemoryMax,
): Promise<Uint8Array<ArrayBuffer>> {
  const count = Math.ceil(blob.size / partSize);
  const out = new Uint8Array(32 * count);
  const inFlight = new Map<number, number>();
  let done = 0;
  let reported = 0;
  const report = () => {
    let n = done;
    for (const v of inFlight.values()) n += v;
    if (n > reported) onProgress?.((reported = n));
  };
  let failed = false;
  const stop = () => failed || (cancelled?.() ?? false);
  await inLanes(count, Math.min(4, Math.floor((64 << 20) / partSize)), async (i) => {
    const part = blob.slice(i * partSize, Math.min((i + 1) * partSize, blob.size));
    const track = (n: number) => (inFlight.set(i, n), report());
    try {
      out.set(await digestBlob(part, chunk, onProgress && track, stop, inMemoryMax), 32 * i);
    } catch (err) {
      failed = true; // the parts being hashed stop at their next chunk
      throw err;
    }
    inFlight.delete(i);
    done += part.size;
    report();
  });
  return out;
}

// slices yields the blob's bytes `chunk` at a time with the next read
// already under way, so reading overlaps hashing.
async function* slices(blob: Blob, chunk: number, cancelled?: () => boolean): AsyncGenerator<[number, Uint8Array]> {
  const read = (off: number) => blob.slice(off, off + chunk).arrayBuffer();
  let next = blob.size > 0 ? read(0) : undefined;
  for (let off = 0; next; off += chunk) {
    const buf = await next;
    if (cancelled?.()) throw new Error("hashing cancelled");
    next = off + chunk < blob.size ? read(off + chunk) : undefined;
    next?.catch(() => {}); // awaited on the next turn, unless this one throws
    yield [off, new Uint8Array(buf)];
  }
}

// allocate returns a buffer of n bytes, or undefined where the runtime
// cannot spare that much (then the blob is streamed).
function allocate(n: number): Uint8Array<ArrayBuffer> | undefined {
  try {
    return new Uint8Array(n);
  } catch {
    return undefined;
  }
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

/** How a blob is read and hashed: whole (`partSize` 0) or by parts. */
export interface DigestPlan {
  chunk: number;
  inMemoryMax: number;
  partSize: number;
}

/**
 * Hashes a blob as `plan` says: its SHA-256 ({@link digestBlob}), or with
 * a `partSize` its parts' digests concatenated ({@link digestParts}).
 */
export function digestByPlan(
  blob: Blob,
  plan: DigestPlan,
  onProgress?: (hashed: number) => void,
  cancelled?: () => boolean,
): Promise<Uint8Array> {
  return plan.partSize > 0
    ? digestParts(blob, plan.partSize, plan.chunk, onProgress, cancelled, plan.inMemoryMax)
    : digestBlob(blob, plan.chunk, onProgress, cancelled, plan.inMemoryMax);
}
