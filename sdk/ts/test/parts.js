// What the server expects of a file declared by its parts, computed
// independently of the SDK with node:crypto.

import { createHash } from "node:crypto";

/**
 * Returns the SHA-256 of each `partSize` part of bytes (the last one
 * shorter) and their composite: the SHA-256 of the digests concatenated,
 * hex.
 */
export function partsOf(bytes, partSize) {
  const digests = [];
  for (let off = 0; off < bytes.length; off += partSize) {
    digests.push(createHash("sha256").update(bytes.subarray(off, off + partSize)).digest());
  }
  const composite = createHash("sha256");
  for (const d of digests) composite.update(d);
  return { digests, partsSha256: composite.digest("hex") };
}
