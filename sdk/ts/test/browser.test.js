import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, openAsBlob, readFileSync } from "node:fs";
import { test } from "node:test";

import { videov1 } from "@streamgate/sdk";

import { pattern } from "./browser/pattern.js";
import { partsOf } from "./parts.js";
import { chromiumPath, launchChromium } from "./chromium.js";
import { baseUrl, client } from "./helpers.js";

const page = process.env.STREAMGATE_PAGE_URL ?? "";

// open loads the test page with query and returns window.__result once
// the page is done.
async function open(t, query) {
  assert.ok(page, "STREAMGATE_PAGE_URL not set");
  const browser = await launchChromium();
  t.after(() => browser.close());
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  tab.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await tab.goto(`${page}?api=${encodeURIComponent(baseUrl)}&${query}`);
  // The page may reload itself; waiting starts over on the new document.
  for (let i = 0; ; i++) {
    try {
      await tab.waitForFunction(() => window.__done === true, null, { timeout: 90_000 });
      break;
    } catch (err) {
      if (i > 3 || !/destroyed|navigat/i.test(String(err))) throw err;
    }
  }
  const result = await tab.evaluate(() => window.__result);
  assert.equal(result.error, undefined, `page failed: ${result.error}\n${errors.join("\n")}`);
  return result;
}

function haveChromium(t) {
  if (existsSync(chromiumPath)) return true;
  console.error(`\n!!!!!!!!\n!!! SKIPPING the browser test: no Chromium at ${chromiumPath} (apt-get install chromium)\n!!!!!!!!\n`);
  t.skip(`no Chromium at ${chromiumPath}`);
  return false;
}

test("a page signs in through Connect-Web with an injected EIP-1193 wallet", async (t) => {
  if (!haveChromium(t)) return;
  const result = await open(t, "");
  assert.equal(result.signedIn, result.wallet);
  assert.equal(result.whoAmI, result.wallet);
  assert.equal(result.chainId, "1");
  assert.equal(result.storedTokens, true);
});

test("hls.js plays a ready video and the SDK renews the playback token under it", async (t) => {
  if (!haveChromium(t)) return;
  const { sg } = await client();
  const { video } = await sg.videos.createVideo({ title: "browser playback", visibility: videov1.Visibility.PUBLIC });
  await sg.upload(video.id, await openAsBlob(process.env.STREAMGATE_TEST_MP4, { type: "video/mp4" }), { store: null });
  await sg.waitUntilReady(video.id, { signal: AbortSignal.timeout(120_000) });
  const { play: r } = await open(t, `play=${video.id}`);
  console.log(`hls.js: ${r.fragments.length} segment(s), ${r.manifests.length} manifest loads, media loaded: ${r.mediaLoaded}, H.264: ${r.h264}`);
  assert.deepEqual(r.errors, []);
  assert.notEqual(r.renewedToken, r.firstToken);
  assert.ok(r.fragments.length >= 1, "hls.js loaded no segment");
  // Segments go out with whichever token is current (the renewal may come
  // before the first segment on a busy machine), never another.
  for (const f of r.fragments) {
    assert.ok(f.includes(`/play/${r.firstToken}/`) || f.includes(`/play/${r.renewedToken}/`), f);
  }
  // The reload of the first grant's URL went out with the renewed token.
  assert.ok(r.manifests[1].includes(`/play/${r.renewedToken}/`), `second manifest: ${r.manifests[1]}`);
  if (r.h264) assert.equal(r.mediaLoaded, true, "the <video> never got data though Chromium decodes H.264");
  else console.error("this Chromium has no H.264 in MediaSource: checked segment loads, not decoding");
});

test("a page uploads a File with XHR progress, is reloaded mid-upload, and resumes from localStorage", async (t) => {
  if (!haveChromium(t)) return;
  const { upload: r } = await open(t, "upload=1");
  assert.equal(r.error, undefined, `browser upload failed: ${r.error}`);
  assert.equal(r.reloaded, true, "the page never reloaded");
  assert.equal(r.state, "COMPLETED");
  assert.equal(r.creates, 1, `the reloaded page started a new upload instead of resuming: ${JSON.stringify(r)}`);
  assert.equal(r.hashedAfterReload, false, "the resumed upload hashed the file again");
  // Declared by its 5 MiB parts' composite SHA-256, not the whole file's.
  const clip = readFileSync(process.env.STREAMGATE_TEST_MP4_3PARTS);
  assert.deepEqual([r.partsSha256, r.sha256], [partsOf(clip, 5 << 20).partsSha256, ""]);
  assert.equal(r.progress, r.size);
  assert.equal(r.leftInLocalStorage, 0);
});

test("a page hashes a file, whole or by parts, in a Web Worker (Web Crypto, or WebAssembly streamed), matching node:crypto, and without a Worker on its own thread", async (t) => {
  if (!haveChromium(t)) return;
  const size = 24 << 20;
  const { hash: r } = await open(t, `hash=${size}`);
  const bytes = pattern(size + 3);
  const want = createHash("sha256").update(bytes).digest("hex");
  console.log(`browser hash of ${r.size} bytes: ${r.ms.toFixed(0)} ms in the worker, page thread busy at most ${r.maxGapMs.toFixed(0)} ms at a time`);
  assert.equal(r.size, bytes.length);
  assert.equal(r.hex, want, "worker hash (Web Crypto in one call) differs from node:crypto");
  assert.equal(r.streamed, want, "worker hash (streamed through WebAssembly) differs from node:crypto");
  assert.equal(r.inThread, want, "in-thread fallback hash differs from node:crypto");
  assert.equal(r.part, createHash("sha256").update(bytes.subarray(0, 5 << 20)).digest("base64"));
  const parts = partsOf(bytes, 5 << 20);
  assert.equal(r.parts.partsSha256, parts.partsSha256, "hashParts' composite differs from node:crypto's");
  assert.deepEqual(r.parts.digests, parts.digests.map((d) => d.toString("base64")));
  assert.equal(r.parts.progress.at(-1), r.size);
  assert.deepEqual(r.workers, ["blob"], "the hash did not run in one worker started from a blob: URL");
  assert.equal(r.progress.at(-1), r.size);
  assert.ok(r.progress.length >= 3, `progress reported ${r.progress.length} times`);
});
