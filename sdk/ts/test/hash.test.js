// The SDK's hashes in Node (no Workers: Web Crypto in one call, or
// WebAssembly streamed) equal node:crypto's, at sizes around the chunk
// and block boundaries; so do a file's part digests and their composite,
// at sizes around the part boundaries; and an abort stops a hash.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";

import { compositeSha256, defaultPartSize, hashParts, partSizeFor, sha256Hex, sha256PartBase64 } from "@streamgate/sdk";

import { pattern } from "./browser/pattern.js";
import { partsOf } from "./parts.js";

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

const part = 3 * chunk + 5;

for (const size of [1, part - 1, part, part + 1, 4 * part + 7]) {
  test(`hashParts of ${size} bytes in parts of ${part} equals node:crypto, part by part and composite`, async () => {
    const bytes = pattern(size, size + 7);
    const want = partsOf(bytes, part);
    const seen = [];
    const got = await hashParts(new Blob([bytes]), { partSize: part, onProgress: (n) => seen.push(n) });
    assert.equal(got.size, size);
    assert.equal(got.partSize, part);
    assert.deepEqual(got.digests.map((d) => Buffer.from(d).toString("hex")), want.digests.map((d) => d.toString("hex")));
    assert.equal(got.partsSha256, want.partsSha256);
    assert.equal(await compositeSha256(got.digests), want.partsSha256);
    assert.equal(seen.at(-1), size);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1], `progress went back: ${seen}`);
  });
}

test("a new upload's part size is 16 MiB, grown to whole MiB past 10000 parts", () => {
  assert.equal(defaultPartSize, 16 << 20);
  assert.equal(partSizeFor(1), 16 << 20);
  assert.equal(partSizeFor(10000 * (16 << 20)), 16 << 20);
  assert.equal(partSizeFor(10000 * (16 << 20) + 1), 17 << 20);
  assert.equal(partSizeFor(12 << 20, 5 << 20), 5 << 20);
  assert.throws(() => partSizeFor(1, 0), RangeError);
});

test("an aborted hashParts rejects with the abort reason", async () => {
  const ctl = new AbortController();
  const reason = new Error("user cancelled");
  const p = hashParts(new Blob([pattern(8 * part)]), { partSize: part, signal: ctl.signal, onProgress: () => ctl.abort(reason) });
  await assert.rejects(p, (e) => e === reason);
});
