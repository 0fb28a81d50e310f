import assert from "node:assert/strict";
import { openAsBlob } from "node:fs";
import { test } from "node:test";

import { Code, videov1, withToken } from "@streamgate/sdk";

import { client, codeOf } from "./helpers.js";

const mp4 = process.env.STREAMGATE_TEST_MP4 ?? "";

test("upload, wait until ready through WatchVideo, authorize, fetch the playlist, renew", async () => {
  const { sg } = await client();
  const { video } = await sg.videos.createVideo({ title: "play me", visibility: videov1.Visibility.PUBLIC });
  assert.equal(await codeOf(() => sg.authorize(video.id)), Code.FailedPrecondition, "a video without a file was authorized");
  await sg.upload(video.id, await openAsBlob(mp4, { type: "video/mp4" }), { store: null });
  const seen = [];
  const ready = await sg.waitUntilReady(video.id, {
    signal: AbortSignal.timeout(120_000),
    onUpdate: (v) => seen.push(videov1.Status[v.status]),
  });
  assert.equal(ready.status, videov1.Status.READY);
  assert.ok(ready.renditions.length >= 1, "ready without renditions");
  assert.equal(seen.at(-1), "READY");

  const grant = await sg.authorize(video.id);
  assert.match(grant.url, /\/play\/[^/]+\/master\.m3u8$/);
  assert.ok(grant.url.includes(grant.token));
  assert.ok(grant.renewTime < grant.expireTime);
  const master = await fetch(grant.url);
  assert.equal(master.status, 200);
  assert.match(await master.text(), /^#EXTM3U/);

  const renewed = await sg.renew(grant.token);
  assert.notEqual(renewed.token, grant.token);
  assert.ok(renewed.expireTime >= grant.expireTime);
  // A URL under the first grant, pointed at the renewed token, still plays:
  // this is what the hls.js helper does to every request after a renewal.
  const rewritten = withToken(grant.url, grant.url, renewed.token);
  assert.equal(rewritten, renewed.url);
  assert.equal((await fetch(rewritten)).status, 200);
  // Someone else's token for the same video cannot be made up.
  const forged = await fetch(withToken(grant.url, grant.url, renewed.token.slice(0, -4) + "AAAA"));
  assert.ok(forged.status === 401 || forged.status === 403 || forged.status === 404, `forged token: ${forged.status}`);
  assert.equal(await codeOf(() => sg.renew("x".repeat(40))), Code.Unauthenticated);
});

test("withToken rewrites only requests under the grant's /play/ prefix", () => {
  const g = "https://api.example/play/OLD/master.m3u8";
  assert.equal(withToken("https://api.example/play/OLD/120p/seg_001.ts", g, "NEW"), "https://api.example/play/NEW/120p/seg_001.ts");
  assert.equal(withToken("https://api.example/play/OLD/key", g, "NEW"), "https://api.example/play/NEW/key");
  assert.equal(withToken("https://cdn.example/play/OLD/a.ts", g, "NEW"), "https://cdn.example/play/OLD/a.ts");
  assert.equal(withToken("https://api.example/play/OLD", g, "NEW"), "https://api.example/play/OLD");
});
