import assert from "node:assert/strict";
import { openAsBlob } from "node:fs";
import { test } from "node:test";

import { Code, play, videov1, withToken } from "@streamgate/sdk";

import { client, codeOf } from "./helpers.js";

const mp4 = process.env.STREAMGATE_TEST_MP4 ?? "";

test("upload, wait until ready through WatchVideo, authorize, fetch the playlist, renew; after a sleep past expiry, play() authorizes anew", async () => {
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

  // A device that slept past the token's expiry: its renewal never ran
  // (renew hangs here), the token expired on the server and hls.js's loads
  // failed. play() authorizes anew and restarts hls.js's loads, which go
  // out with the new token.
  // A renewal answer that lands late (below) must not replace the grant.
  const late = await sg.playback.renew({ token: renewed.token });
  const pending = [];
  const asleep = { ...sg, playback: { ...sg.playback, renew: () => new Promise((resolve) => pending.push(resolve)) } };
  const renewed2 = [];
  const errors = [];
  const pb = await play(asleep, {
    Hls: FakeHls, media: {}, videoId: video.id,
    onRenew: (g) => renewed2.push(g), onError: (e) => errors.push(e),
  });
  const hls = FakeHls.last;
  const slept = pb.grant;
  await new Promise((r) => setTimeout(r, Math.max(slept.expireTime.getTime() - Date.now(), 0) + 1000));
  const refused = await fetch(slept.url);
  assert.ok(refused.status === 401 || refused.status === 403, `the expired token still played: ${refused.status}`);
  hls.handlers.hlsError("hlsError", { fatal: true, type: "networkError" });
  hls.handlers.hlsError("hlsError", { fatal: true, type: "networkError" }); // one authorization for both
  for (const end = Date.now() + 10_000; pb.grant.token === slept.token; await new Promise((r) => setTimeout(r, 50))) {
    assert.ok(Date.now() < end, `no new authorization; errors ${errors}`);
  }
  assert.equal(hls.loads, 1, "hls.js's loads were not restarted once");
  assert.deepEqual(renewed2.map((g) => g.token), [pb.grant.token]);
  // The renewal that hung through the sleep answers now: it is dropped.
  assert.ok(pending.length >= 1, "the renewal never started");
  const current = pb.grant.token;
  pending[0](late);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(pb.grant.token, current, "a renewal from before the new authorization replaced its grant");
  assert.equal(renewed2.length, 1);
  const resumed = hls.request(slept.url);
  assert.ok(resumed.includes(`/play/${encodeURIComponent(pb.grant.token)}/`), resumed);
  assert.equal((await fetch(resumed)).status, 200);
  assert.deepEqual(errors, []);
  pb.destroy();
});

// FakeHls stands in for hls.js (Node has no media element): it keeps the
// config play() gives it, its error listener, and counts restarted loads.
class FakeHls {
  constructor(cfg) {
    this.cfg = cfg;
    this.handlers = {};
    this.loads = 0;
    FakeHls.last = this;
  }
  loadSource(url) {
    this.source = url;
  }
  attachMedia() {}
  destroy() {}
  on(event, listener) {
    this.handlers[event] = listener;
  }
  startLoad() {
    this.loads++;
  }
  /** The URL hls.js would fetch for url now (its fetchSetup). */
  request(url) {
    return this.cfg.fetchSetup({ url }, {}).url;
  }
}

test("withToken rewrites only requests under the grant's /play/ prefix", () => {
  const g = "https://api.example/play/OLD/master.m3u8";
  assert.equal(withToken("https://api.example/play/OLD/120p/seg_001.ts", g, "NEW"), "https://api.example/play/NEW/120p/seg_001.ts");
  assert.equal(withToken("https://api.example/play/OLD/key", g, "NEW"), "https://api.example/play/NEW/key");
  assert.equal(withToken("https://cdn.example/play/OLD/a.ts", g, "NEW"), "https://cdn.example/play/OLD/a.ts");
  assert.equal(withToken("https://api.example/play/OLD", g, "NEW"), "https://api.example/play/OLD");
});
