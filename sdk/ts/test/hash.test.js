// The SDK's hashes in Node (no Workers: Web Crypto in one call, or
// WebAssembly streamed) equal node:crypto's, at sizes around the chunk
// and block boundaries, and an abort stops a hash.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";

import { sha256Hex, sha256PartBase64 } from "@streamgate/sdk";

import { pattern } from "./browser/pattern.js";

const chunk = 1 << 16;

for (const size of [0, 1, 55, 56, 64, chunk - 1, chunk, chunk + 1, 5 * chunk + 3]) {
  test(`sha256Hex of ${size} bytes equals node:crypto, in memory and streamed`, async () => {
    const bytes = pattern(size, size + 1);
    const blob = new Blob([bytes]);
    const want = createHash("sha256").update(bytes).digest("hex");
    const seen = [];
    assert.equal(await sha256Hex(blob, (n) => seen.push(n), undefined, chunk), want);
    assert.equal(await sha256Hex(blob, undefined, undefined, chunk, 0), want, "streamed");
    if (size > 0) assert.equal(seen.at(-1), size);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1]);
    const b64 = createHash("sha256").update(bytes).digest("base64");
    assert.equal(await sha256PartBase64(blob, bytes), b64);
    assert.equal(await sha256PartBase64(blob), b64);
  });
}

test("an aborted hash rejects with the abort reason", async () => {
  const ctl = new AbortController();
  const blob = new Blob([pattern(8 * chunk)]);
  const reason = new Error("user cancelled");
  const p = sha256Hex(blob, () => ctl.abort(reason), ctl.signal, chunk, 0);
  await assert.rejects(p, (e) => e === reason);
});
