import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { openAsBlob, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { Code, ConnectError, MemoryStore, StreamGate, hashParts, uploadv1, videov1 } from "@streamgate/sdk";

import { client, codeOf, server } from "./helpers.js";
import { partsOf } from "./parts.js";

const mp4 = process.env.STREAMGATE_TEST_MP4 ?? "";
const mp4ThreeParts = process.env.STREAMGATE_TEST_MP4_3PARTS ?? "";
// The smallest part S3 allows, as sdk_test.go sets the server's, so the
// noise clip has three parts.
const partSize = 5 << 20;

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
  // A new upload declares its parts' composite SHA-256, for the SDK's
  // default part size, not the whole file's: at completion, from the
  // digests its parts were sent with, so nothing is hashed first.
  assert.equal(up.partSize, BigInt(16 << 20));
  assert.equal(up.partsSha256, partsOf(new Uint8Array(await file.arrayBuffer()), 16 << 20).partsSha256);
  assert.equal(up.sha256, "");
  const last = progress.at(-1);
  assert.deepEqual(last, { phase: "uploading", loaded: file.size, total: file.size });
  assert.ok(!progress.some((p) => p.phase === "hashing"), "a new upload hashed the file before sending it");
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

test("a part size outside 5 MiB to 5 GiB is refused before anything is hashed or created", async () => {
  const { sg } = await client();
  const video = await newVideo(sg, "bad part size");
  const file = new Blob([new Uint8Array(1024)], { type: "video/mp4" });
  for (const partSize of [1 << 20, 6 * 2 ** 30, (5 << 20) + 0.5]) {
    const progress = [];
    let created = false;
    await assert.rejects(
      sg.upload(video.id, file, { partSize, store: null, onProgress: (p) => progress.push(p), onCreate: () => (created = true) }),
      RangeError,
    );
    assert.deepEqual([progress.length, created], [0, false], `part size ${partSize}`);
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
  const created = await interrupted(first, video.id, file, { store, partSize });
  const rec = JSON.parse(store.getItem(`streamgate:upload:${video.id}:${file.size}:1700000000000:noise.mp4`));
  assert.equal(rec.uploadId, created);
  const want = partsOf(bytes, partSize).partsSha256;
  // Nothing declared yet: the completion does.
  assert.deepEqual([rec.partsSha256, rec.partSize, rec.sha256], ["", partSize, ""]);
  // A completion that names it while parts are missing: refused, the
  // upload stays open with that declaration, and the record still resumes.
  const early = await codeOf(() => first.uploads.completeUpload({ uploadId: created, partsSha256: want }));
  assert.equal(early, Code.FailedPrecondition);
  assert.equal((await first.uploads.getUpload({ uploadId: created })).upload.partsSha256, want);

  // "After a reload": a new client, the same store, the same file.
  const b = countingFetch();
  const again = new StreamGate({ ...server, tokens: first.tokens, fetch: b.f });
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
  assert.equal(up.partsSha256, want);
  assert.equal(store.getItem(`streamgate:upload:${video.id}:${file.size}:1700000000000:noise.mp4`), null);
});

// interrupted starts an upload of file with opts and stops it once its
// first part is stored, as a reload would; it returns the upload's id.
async function interrupted(sg, videoId, file, opts) {
  const a = countingFetch();
  const ctl = new AbortController();
  let created;
  const counted = new StreamGate({ ...server, tokens: sg.tokens, fetch: a.f });
  await assert.rejects(
    counted.upload(videoId, file, {
      ...opts,
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
  return created;
}

// threeParts returns the noise clip's bytes and the same bytes with the
// last one changed (in part 3).
async function threeParts() {
  const bytes = new Uint8Array(await (await openAsBlob(mp4ThreeParts)).arrayBuffer());
  const other = bytes.slice();
  other[other.length - 1] ^= 0xff;
  return { bytes, other };
}

test("an upload declared by the whole file's SHA-256 (an earlier SDK's, or sha256 passed) resumes: by id after hashing the file, and from an earlier SDK's record", async () => {
  const { sg } = await client();
  const video = await newVideo(sg, "legacy resume");
  const { bytes, other } = await threeParts();
  const file = new File([bytes], "legacy.mp4", { type: "video/mp4", lastModified: 1700000000001 });
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const store = new MemoryStore();
  const key = `streamgate:upload:${video.id}:${file.size}:1700000000001:legacy.mp4`;
  // sha256 passed: declared as before, the server picks the part size.
  const created = await interrupted(sg, video.id, file, { store, sha256 });
  const rec = JSON.parse(store.getItem(key));
  assert.deepEqual([rec.uploadId, rec.sha256, rec.partsSha256], [created, sha256, ""]);

  // By id, another file of the same size is hashed whole and refused
  // before any part is sent.
  const c = countingFetch();
  const sg2 = new StreamGate({ ...server, tokens: sg.tokens, fetch: c.f });
  const progress = [];
  const refused = await sg2
    .upload(video.id, new File([other], "legacy.mp4"), { uploadId: created, store: null, onProgress: (p) => progress.push(p) })
    .catch((e) => e);
  assert.equal(ConnectError.from(refused).code, Code.FailedPrecondition, String(refused));
  assert.match(String(refused), /cannot be resumed with this file/);
  assert.ok(progress.some((p) => p.phase === "hashing"), "the file was not hashed to compare");
  assert.equal(c.puts.length, 0);

  // What an SDK from before partsSha256 kept: the same file picked again
  // resumes without hashing it, sending parts 2 and 3 only.
  const { partsSha256: _, partSize: __, ...old } = rec;
  store.setItem(key, JSON.stringify(old));
  progress.length = 0;
  const up = await sg2.upload(video.id, file, {
    store,
    onCreate: () => assert.fail("a new upload was created instead of resuming"),
    onProgress: (p) => progress.push(p),
  });
  assert.equal(up.id, created);
  assert.equal(up.state, uploadv1.State.COMPLETED, up.failureReason);
  assert.deepEqual([up.sha256, up.partsSha256], [sha256, ""]);
  assert.equal(c.puts.length, 2, "want only parts 2 and 3 sent on resume");
  assert.ok(!progress.some((p) => p.phase === "hashing"), "resume re-hashed the file");
  assert.equal(store.getItem(key), null);
});

test("an upload that declared its parts' checksum, resumed by id, has its parts hashed and compared first: another file is refused, the right one sends the missing parts", async () => {
  const { sg } = await client();
  const video = await newVideo(sg, "resume by id");
  const { bytes, other } = await threeParts();
  const file = new Blob([bytes], { type: "video/mp4" });
  const parts = await hashParts(file, { partSize });
  const created = await interrupted(sg, video.id, file, { store: null, parts });
  const c = countingFetch();
  const sg2 = new StreamGate({ ...server, tokens: sg.tokens, fetch: c.f });
  const code = await codeOf(() => sg2.upload(video.id, new Blob([other]), { uploadId: created, store: null }));
  assert.equal(code, Code.FailedPrecondition);
  assert.equal(c.puts.length, 0, "parts of another file were sent");
  const progress = [];
  const up = await sg2.upload(video.id, file, { uploadId: created, store: null, onProgress: (p) => progress.push(p) });
  assert.equal(up.state, uploadv1.State.COMPLETED, up.failureReason);
  assert.equal(up.partsSha256, partsOf(bytes, partSize).partsSha256);
  assert.ok(progress.some((p) => p.phase === "hashing"));
  assert.equal(c.puts.length, 2, "want only parts 2 and 3 sent on resume");
});

test("an upload that declared no checksum, resumed by id, takes the file it is given: the stored parts it has are kept, and completion declares its composite", async () => {
  const { sg } = await client();
  const video = await newVideo(sg, "resume undeclared by id");
  const { bytes, other } = await threeParts();
  const created = await interrupted(sg, video.id, new Blob([bytes], { type: "video/mp4" }), { store: null, partSize });
  const c = countingFetch();
  const sg2 = new StreamGate({ ...server, tokens: sg.tokens, fetch: c.f });
  const progress = [];
  // other differs from bytes in part 3 only, which was never stored.
  const up = await sg2.upload(video.id, new Blob([other], { type: "video/mp4" }), { uploadId: created, store: null, onProgress: (p) => progress.push(p) });
  assert.equal(up.id, created);
  assert.equal(up.state, uploadv1.State.COMPLETED, up.failureReason);
  assert.equal(up.partsSha256, partsOf(other, partSize).partsSha256);
  assert.equal(c.puts.length, 2, "want only parts 2 and 3 sent on resume");
  assert.ok(!progress.some((p) => p.phase === "hashing"), "the file was hashed before it was sent");
});

test("a file changed between hashing and upload is refused, and the upload made for it aborted", async (t) => {
  const { sg } = await client();
  const video = await newVideo(sg, "changed");
  const { bytes, other } = await threeParts();
  // Hashed as it was (e.g. when picked), sent as it is now: the object
  // store refuses part 3, whose bytes are not the ones hashed.
  const parts = await hashParts(new Blob([other]), { partSize });
  const file = new Blob([bytes], { type: "video/mp4" });
  let id;
  const err = await sg.upload(video.id, file, { parts, store: null, parallel: 1, onCreate: (u) => (id = u) }).catch((e) => e);
  const ce = ConnectError.from(err);
  assert.equal(ce.code, Code.FailedPrecondition, String(err));
  assert.match(ce.rawMessage, /changed since its parts were hashed: part 3 differs/);
  assert.equal((await sg.uploads.getUpload({ uploadId: id })).upload.state, uploadv1.State.ABORTED);
  // A file of another size than the one hashed is refused before anything.
  const short = await codeOf(() => sg.upload(video.id, file.slice(1), { parts, store: null, onCreate: () => assert.fail("created") }));
  assert.equal(short, Code.FailedPrecondition);
  // The video takes the file as it is now.
  const up = await sg.upload(video.id, file, { store: null, partSize });
  assert.equal(up.state, uploadv1.State.COMPLETED, up.failureReason);

  // A file changed on disk after it was opened can no longer be read
  // (Node, as browsers, refuses): refused, hashed by the SDK or not.
  const dir = await mkdtemp(join(tmpdir(), "sg-upload-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, "clip.mp4");
  writeFileSync(path, randomBytes(6 << 20));
  const picked = await openAsBlob(path);
  const early = await hashParts(picked, { partSize });
  await new Promise((r) => setTimeout(r, 20));
  writeFileSync(path, randomBytes(6 << 20));
  const second = await newVideo(sg, "changed on disk");
  let made;
  const e1 = await sg.upload(second.id, picked, { parts: early, store: null, onCreate: (u) => (made = u) }).catch((e) => e);
  assert.equal(ConnectError.from(e1).code, Code.FailedPrecondition, String(e1));
  assert.match(ConnectError.from(e1).rawMessage, /changed since it was picked/);
  assert.equal((await sg.uploads.getUpload({ uploadId: made })).upload.state, uploadv1.State.ABORTED);
  // Without digests, the first read is the first part's, after the
  // upload is created: refused as well, and that upload aborted.
  const e2 = await sg.upload(second.id, picked, { store: null, onCreate: (u) => (made = u) }).catch((e) => e);
  assert.equal(ConnectError.from(e2).code, Code.FailedPrecondition, String(e2));
  assert.match(ConnectError.from(e2).rawMessage, /changed since it was picked/);
  assert.equal((await sg.uploads.getUpload({ uploadId: made })).upload.state, uploadv1.State.ABORTED);
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
