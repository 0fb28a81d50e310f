import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { openAsBlob } from "node:fs";
import { test } from "node:test";

import { Code, MemoryStore, StreamGate, uploadv1, videov1 } from "@streamgate/sdk";

import { client, codeOf, server } from "./helpers.js";

const mp4 = process.env.STREAMGATE_TEST_MP4 ?? "";
const mp4ThreeParts = process.env.STREAMGATE_TEST_MP4_3PARTS ?? "";
const partSize = 5 << 20; // sdk_test.go sets the server's part size

async function newVideo(sg, title) {
  const res = await sg.videos.createVideo({ title, visibility: videov1.Visibility.UNLISTED });
  return res.video;
}

// countPuts wraps fetch to count part PUTs sent to object storage.
function countingFetch() {
  const puts = [];
  const f = (input, init) => {
    if (init?.method === "PUT") puts.push(String(input));
    return fetch(input, init);
  };
  return { f, puts };
}

test("upload an mp4 from Node with progress, then watch the video leave WAITING_UPLOAD", async () => {
  assert.ok(mp4, "STREAMGATE_TEST_MP4 not set");
  const { sg } = await client();
  const video = await newVideo(sg, "tiny clip");
  const file = await openAsBlob(mp4, { type: "video/mp4" });
  const progress = [];
  const store = new MemoryStore();
  const up = await sg.upload(video.id, file, { store, onProgress: (p) => progress.push(p) });
  assert.equal(up.state, uploadv1.State.COMPLETED, `upload state ${uploadv1.State[up.state]}: ${up.failureReason}`);
  assert.equal(up.sizeBytes, BigInt(file.size));
  const want = createHash("sha256").update(new Uint8Array(await file.arrayBuffer())).digest("hex");
  assert.equal(up.sha256, want);
  const last = progress.at(-1);
  assert.deepEqual(last, { phase: "uploading", loaded: file.size, total: file.size });
  assert.ok(progress.some((p) => p.phase === "hashing"));
  for (let i = 1; i < progress.length; i++) {
    if (progress[i].phase === progress[i - 1].phase) assert.ok(progress[i].loaded >= progress[i - 1].loaded);
  }
  // The remembered upload is forgotten once complete.
  assert.equal(store.getItem(`streamgate:upload:${video.id}:${file.size}:0:`), null);
  // The first state WatchVideo reports is past WAITING_UPLOAD.
  for await (const v of sg.watchVideo(video.id)) {
    assert.notEqual(v.status, videov1.Status.WAITING_UPLOAD);
    assert.notEqual(v.status, videov1.Status.FAILED, v.failureReason);
    break;
  }
});

test("an interrupted upload resumes: the same file sends only the missing parts", async () => {
  const { sg: first } = await client();
  const video = await newVideo(first, "resume me");
  // A real clip of three parts, as a File picked in a browser would be.
  const bytes = new Uint8Array(await (await openAsBlob(mp4ThreeParts)).arrayBuffer());
  const file = new File([bytes], "noise.mp4", { type: "video/mp4", lastModified: 1700000000000 });
  assert.ok(file.size > 2 * partSize && file.size <= 3 * partSize, `clip of ${file.size} bytes is not three parts`);
  const store = new MemoryStore();
  const a = countingFetch();
  const ctl = new AbortController();
  let created;
  const counted = new StreamGate({ ...server, tokens: first.tokens, fetch: a.f });
  await assert.rejects(
    counted.upload(video.id, file, {
      store,
      parallel: 1,
      signal: ctl.signal,
      onCreate: (id) => (created = id),
      onProgress: (p) => {
        if (p.phase === "uploading" && p.loaded >= partSize) ctl.abort(new Error("simulated reload"));
      },
    }),
    /simulated reload/,
  );
  assert.ok(created, "upload was never created");
  assert.equal(a.puts.length, 1, "want exactly one part sent before the interruption");
  const rec = JSON.parse(store.getItem(`streamgate:upload:${video.id}:${file.size}:1700000000000:noise.mp4`));
  assert.equal(rec.uploadId, created);

  // "After a reload": a new client, the same store, the same file.
  const b = countingFetch();
  const again = new StreamGate({ ...server, tokens: counted.tokens, fetch: b.f });
  const progress = [];
  let recreated = false;
  const up = await again.upload(video.id, file, {
    store,
    onCreate: () => (recreated = true),
    onProgress: (p) => progress.push(p),
  });
  assert.equal(recreated, false, "a new upload was created instead of resuming");
  assert.equal(up.id, created);
  assert.equal(b.puts.length, 2, "want only parts 2 and 3 sent on resume");
  assert.ok(!progress.some((p) => p.phase === "hashing"), "resume re-hashed the whole file");
  assert.equal(progress.at(-1).loaded, file.size);
  assert.equal(up.state, uploadv1.State.COMPLETED, up.failureReason);
  assert.equal(up.committedBytes, BigInt(file.size));
  assert.equal(store.getItem(`streamgate:upload:${video.id}:${file.size}:1700000000000:noise.mp4`), null);
});

test("uploading to a video of another wallet is refused", async () => {
  const { sg: owner } = await client();
  const { sg: other } = await client();
  const video = await newVideo(owner, "not yours");
  const file = new File([randomBytes(1024)], "x.mp4", { type: "video/mp4" });
  const code = await codeOf(() => other.upload(video.id, file, { store: null }));
  assert.ok([Code.PermissionDenied, Code.NotFound].includes(code), `code ${Code[code]}`);
});

test("a file that is not a video fails the upload and the video; a failed upload is not resumed", async () => {
  const { sg } = await client();
  const video = await newVideo(sg, "not a video");
  const file = new File([randomBytes(4096)], "junk.mp4", { type: "video/mp4", lastModified: 2 });
  const store = new MemoryStore();
  const key = `streamgate:upload:${video.id}:${file.size}:2:junk.mp4`;
  let id;
  const code = await codeOf(() => sg.upload(video.id, file, { store, onCreate: (u) => (id = u) }));
  assert.equal(code, Code.InvalidArgument);
  const { upload: up } = await sg.uploads.getUpload({ uploadId: id });
  assert.equal(up.state, uploadv1.State.FAILED);
  assert.match(up.failureReason, /video/);
  const { video: after } = await sg.videos.getVideo({ id: video.id });
  assert.equal(after.status, videov1.Status.FAILED);
  assert.ok(store.getItem(key), "the failed upload's record is kept until the next attempt looks at it");
  // Picking the same file again: the SDK sees the upload failed, forgets
  // it and opens a new one (a failed video takes a new file), which fails
  // the same way.
  let again;
  assert.equal(
    await codeOf(() => sg.upload(video.id, file, { store, onCreate: (u) => (again = u) })),
    Code.InvalidArgument,
  );
  assert.ok(again && again !== id, "the failed upload was resumed");
  assert.equal(JSON.parse(store.getItem(key)).uploadId, again);
});
