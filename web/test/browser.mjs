// The web app's browser test, run by server/web's Go test against a full
// server with a transcoder worker: Debian's Chromium through
// playwright-core, with a test wallet (wallet.js) signing with real keys.
// A creator uploads through the studio (reloading mid-upload), adds and
// deletes a caption track, sets a gate and tests a wallet; a visitor sees
// the captions and the seek bar's storyboard previews, drives the
// player's keyboard shortcuts, volume, speed and picture in picture (the
// sound remembered across reloads) and sees the bar fit at 320 px; a holder plays
// across a token renewal; a stranger is told why not; the embed plays on
// another origin; a dead chain reads "try again". Screenshots go to
// $SG_SCREENSHOTS.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { privateKeyToAccount } from "viem/accounts";

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const app = env("SG_URL");
const host = env("SG_HOST_URL");
const chainId = Number(env("SG_CHAIN_ID"));
const nft = env("SG_NFT");
const keys = { creator: env("SG_CREATOR_KEY"), holder: env("SG_HOLDER_KEY"), stranger: env("SG_STRANGER_KEY") };
const addresses = { holder: env("SG_HOLDER_ADDRESS"), stranger: env("SG_STRANGER_ADDRESS") };
const clip = env("SG_CLIP");
const shots = process.env.SG_SCREENSHOTS;
const walletJs = readFileSync(env("SG_WALLET_JS"), "utf8");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required"],
});

const t0 = Date.now();
const open = [];
async function step(name, fn) {
  const start = Date.now();
  try {
    await fn();
  } catch (err) {
    console.error(`FAIL ${name} after ${Date.now() - start} ms`);
    for (const [i, p] of open.entries()) {
      if (!p.isClosed()) {
        const path = join(process.env.SG_FAILURES ?? "/tmp", `sg-web-failure-${i}.png`);
        await p.screenshot({ path, fullPage: true }).catch((e) => console.error(`  screenshot: ${e}`));
        console.error(`  page ${p.url()} -> ${path}`);
      }
    }
    throw err;
  }
  console.log(`ok ${name} (${Date.now() - start} ms)`);
}

// context opens a browser profile whose pages get the named wallets
// (the first is the one a test picks; a second shows the picker).
async function context(who, opts = {}) {
  const ctx = await browser.newContext({ viewport: opts.viewport ?? { width: 1100, height: 900 }, ...opts.ctx });
  if (who) {
    const wallets = [{ name: `Test Wallet (${who})`, rdns: "dev.streamgate.test", key: keys[who] }];
    if (opts.second) wallets.push({ name: "Other Test Wallet", rdns: "dev.streamgate.other", key: keys.stranger });
    await ctx.addInitScript({ content: `window.__testWallets = ${JSON.stringify({ chainId, wallets })};\n${walletJs}` });
  }
  const page = await ctx.newPage();
  open.push(page);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource|net::ERR/.test(m.text())) errors.push(m.text());
    if (process.env.SG_VERBOSE) console.log(`  console: ${m.text()}`);
  });
  return { ctx, page, errors };
}

async function signIn(page, scope = page) {
  await scope.getByRole("button", { name: "Sign in with wallet" }).first().click();
  const pick = scope.getByRole("button", { name: /Test Wallet \(/ });
  if (await pick.count()) await pick.first().click();
  await scope.getByText("Signed in as").first().waitFor({ timeout: 60_000 });
}

async function shot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

// shotOf takes one part of a page (a locator, shadow roots pierced).
async function shotOf(locator, name) {
  if (shots) await locator.screenshot({ path: join(shots, `${name}.png`) });
}

// The player's <video>, inside the element's shadow root.
const videoState = (page) =>
  page.evaluate(() => {
    const el = document.querySelector("sg-app")?.shadowRoot?.querySelector("streamgate-player") ?? document.querySelector("streamgate-player");
    const v = el?.shadowRoot?.querySelector("video");
    if (!v) return null;
    return { time: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames, paused: v.paused, error: v.error?.message ?? null };
  });

async function playsAcrossRenewal(page) {
  const player = page.locator("streamgate-player[state=playing]");
  await player.waitFor({ timeout: 60_000 });
  // Only once hls.js has attached its source and read the stream: a play()
  // before that is cancelled by the media element's load (the spec rejects
  // pending play promises and pauses), which on a loaded machine left the
  // video paused at 0:00 and this test flaky.
  await page.waitForFunction(() => {
    const el = document.querySelector("sg-app")?.shadowRoot?.querySelector("streamgate-player") ?? document.querySelector("streamgate-player");
    return (el?.shadowRoot?.querySelector("video")?.readyState ?? 0) >= 1;
  }, null, { timeout: 60_000 });
  // A 4-second clip: loop it so playback outlives a renewal or two.
  await page.evaluate(() => {
    const el = document.querySelector("sg-app")?.shadowRoot?.querySelector("streamgate-player") ?? document.querySelector("streamgate-player");
    const v = el.shadowRoot.querySelector("video");
    v.muted = true;
    v.loop = true;
    void v.play();
  });
  await page.getByText(/Access renewed at/).waitFor({ timeout: 60_000 });
  const before = await videoState(page);
  await page.waitForTimeout(2500);
  const after = await videoState(page);
  assert.ok(after && before, "no video element");
  assert.equal(after.error, null, "the video element reports an error");
  assert.ok(after.frames > before.frames, `frames decoded after renewal: ${before.frames} -> ${after.frames}`);
  assert.ok(after.time !== before.time, `video time moved after renewal: ${before.time} -> ${after.time}`);
}

// The creator's SDK session in Node, for what the studio has no form for
// (the public poster).
const { StreamGate, signIn: sdkSignIn } = await import(new URL("../../sdk/ts/dist/index.js", import.meta.url));
async function creatorSDK() {
  const sg = new StreamGate({ baseUrl: app });
  await sdkSignIn(sg, privateKeyToAccount(keys.creator), { chainId });
  return sg;
}

// An SRT with two cues inside the 4-second clip.
const srt = "1\r\n00:00:00,200 --> 00:00:01,900\r\nHello from the <i>captions</i>\r\n\r\n" +
  "2\r\n00:00:02,000 --> 00:00:03,900\r\nSecond cue & last\r\n";

// The player's text tracks and their cues, once hls.js has loaded them.
const textCues = (page) =>
  page.evaluate(() => {
    const el = document.querySelector("sg-app")?.shadowRoot?.querySelector("streamgate-player") ?? document.querySelector("streamgate-player");
    const v = el?.shadowRoot?.querySelector("video");
    if (!v) return [];
    return [...v.textTracks].map((t) => ({ label: t.label, language: t.language, mode: t.mode,
      cues: [...(t.cues ?? [])].map((c) => ({ start: c.startTime, end: c.endTime, text: c.text })) }));
  });

// The player's element and <video>, on the watch page or an embed.
const playerState = (page) =>
  page.evaluate(() => {
    const el = document.querySelector("sg-app")?.shadowRoot?.querySelector("streamgate-player") ?? document.querySelector("streamgate-player");
    const v = el.shadowRoot.querySelector("video");
    return { volume: v.volume, muted: v.muted, rate: v.playbackRate, time: v.currentTime, paused: v.paused, duration: v.duration,
      captions: [...v.textTracks].filter((t) => t.mode === "showing").map((t) => t.language),
      full: el.shadowRoot.fullscreenElement?.classList.contains("screen") ?? false,
      pip: el.shadowRoot.pictureInPictureElement === v, pipEnabled: document.pictureInPictureEnabled };
  });

// remembered waits until the player has stored the sound with muted as
// given: it saves on the media element's volumechange event, a task
// queued after the property changes, so a reload right after the
// property reads muted can come first.
async function remembered(page, muted) {
  await page.waitForFunction((m) => {
    try {
      return JSON.parse(localStorage.getItem("streamgate.player.sound") ?? "null")?.muted === m;
    } catch {
      return false;
    }
  }, muted, { timeout: 5000 });
}

// focused focuses loc and waits until the focus is there (through the
// shadow roots): a key pressed before it lands goes elsewhere.
async function focused(page, loc, testid) {
  await loc.focus();
  await page.waitForFunction((id) => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.dataset?.testid === id;
  }, testid, { timeout: 5000 });
}

// until polls the player's state until want(state) holds, and fails
// with the last state seen.
async function until(page, want, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let s;
  for (;;) {
    s = await playerState(page);
    if (want(s)) return s;
    if (Date.now() > end) assert.fail(`${what}: ${JSON.stringify(s)}`);
    await page.waitForTimeout(50);
  }
}

// ready waits for the player to play and its video to know its length.
async function ready(page) {
  await page.locator("streamgate-player[state=playing]").waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => {
    const el = document.querySelector("sg-app")?.shadowRoot?.querySelector("streamgate-player") ?? document.querySelector("streamgate-player");
    const v = el?.shadowRoot?.querySelector("video");
    return (v?.readyState ?? 0) >= 1 && Number.isFinite(v.duration);
  }, null, { timeout: 60_000 });
}

const near = (a, b) => Math.abs(a - b) < 0.02;

// hasAttr waits for a control to say what it should: the bar re-renders
// after the video's event, a moment after its state changed.
const hasAttr = (page, id, name, value) => page.locator(`[data-testid=${id}][${name}=${JSON.stringify(value)}]`).waitFor({ timeout: 5000 });

let videoId;
let failed = false;
try {
  const creator = await context("creator", { second: true });
  const { page } = creator;

  await step("creator signs in to the studio, choosing among two wallets", async () => {
    await page.goto(`${app}/studio`);
    await page.getByRole("main").getByRole("button", { name: "Sign in with wallet" }).click();
    await page.getByRole("button", { name: "Other Test Wallet" }).waitFor();
    await page.getByRole("button", { name: "Test Wallet (creator)" }).click();
    await page.getByText("Signed in as").first().waitFor();
    await page.getByRole("heading", { name: "New video" }).waitFor();
  });

  await step("creator creates a video and uploads it", async () => {
    await page.getByLabel("Title").first().fill("Members' cut");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "Members' cut" }).waitFor();
    videoId = await page.locator("ul.videos button[aria-current=true]").getAttribute("data-video");
    assert.match(videoId, /^[0-9a-f-]{36}$/);
    // Record the bar in the page itself, every value it is given: on a
    // loaded machine the test's own polling, or a page timer, may see
    // only a few of them (a small file hashes and uploads in a few
    // frames). A timer finds the bar (again, if it is re-created); an
    // observer of its value attribute records each change.
    await page.evaluate(() => {
      window.__progress = [];
      const record = (v) => {
        if (v != null && window.__progress.at(-1) !== v) window.__progress.push(v);
      };
      const find = (root) => {
        const hit = root.querySelector("[data-testid=upload-progress]");
        if (hit) return hit;
        for (const el of root.querySelectorAll("*")) if (el.shadowRoot) {
          const h = find(el.shadowRoot);
          if (h) return h;
        }
        return null;
      };
      let bar = null;
      const observer = new MutationObserver((changes) => {
        for (const c of changes) record(c.oldValue);
        record(bar?.getAttribute("value"));
      });
      setInterval(() => {
        const el = find(document);
        if (el && el !== bar) {
          observer.disconnect();
          bar = el;
          record(bar.getAttribute("value"));
          observer.observe(bar, { attributes: true, attributeFilter: ["value"], attributeOldValue: true });
        }
      }, 20);
    });
    await page.locator("#file").setInputFiles(clip);
    await page.getByText("Uploaded: processing starts now.").waitFor({ timeout: 120_000 });
    const seen = (await page.evaluate(() => window.__progress)).map(Number);
    console.log(`  progress seen: ${seen.join(" ")}`);
    assert.ok(new Set(seen).size >= 3 && seen.some((v) => v > 0 && v < 100), `progress moved: ${seen}`);
  });

  await step("creator waits for the video to be ready", async () => {
    await page.locator("[data-testid=detail-status]", { hasText: "ready" }).waitFor({ timeout: 90_000 });
  });

  await step("creator adds an SRT caption track in the studio; the server's refusals show", async () => {
    const caps = page.locator("sg-captions");
    await caps.getByTestId("no-tracks").waitFor();
    const file = (name, text) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
    const error = caps.getByTestId("caption-error");
    // A cue that ends before it starts: the server's parser says so.
    await caps.getByLabel("Track file").setInputFiles(file("bad.srt", "1\n00:00:03,000 --> 00:00:02,000\nbackwards\n"));
    await caps.getByLabel("Language tag").fill("en");
    await caps.getByLabel("Name in the menu").fill("English");
    await caps.getByRole("button", { name: "Add track" }).click();
    await error.waitFor();
    assert.match(await error.innerText(), /not after it starts/);
    // A tag that is no known language.
    await caps.getByLabel("Track file").setInputFiles(file("captions.srt", srt));
    await caps.getByLabel("Language tag").fill("qq");
    await caps.getByRole("button", { name: "Add track" }).click();
    await caps.getByTestId("caption-error").filter({ hasText: /known language/ }).waitFor();
    assert.equal(await caps.getByTestId("no-tracks").count(), 1, "a refused track was listed");
    await caps.getByLabel("Language tag").fill("en");
    await caps.getByLabel("Kind").selectOption({ label: "Captions (SDH)" });
    await caps.getByRole("checkbox", { name: /Default/ }).check();
    await caps.getByRole("button", { name: "Add track" }).click();
    await caps.getByTestId("caption-status").filter({ hasText: "Added “English”: 2 cues." }).waitFor();
    assert.equal(await error.count(), 0, "the error stayed after a success");
    const row = caps.getByTestId("tracks").locator("li");
    // The list is read again after the status shows: wait for it.
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const text = await row.innerText();
    for (const want of ["English", "en", "captions", "default", "2 cues"]) assert.ok(text.includes(want), `track row ${JSON.stringify(text)} lacks ${want}`);
    // The SDK sees what the studio made.
    const listed = (await (await creatorSDK()).videos.listTextTracks({ videoId })).tracks;
    assert.deepEqual(listed.map((t) => [t.language, t.name, t.kind, t.isDefault, t.forced, t.cueCount]), [["en", "English", 2, true, false, 2]]);
    await shotOf(caps, "studio-captions");
  });

  await step("a visitor plays the public, ungated video at once, with no wallet prompt, captions showing", async () => {
    // A wallet is injected, but nothing may ask it: the video asks nothing.
    const { ctx, page, errors } = await context("stranger");
    await page.goto(`${app}/v/${videoId}`);
    await page.locator("streamgate-player[state=playing]").waitFor({ timeout: 60_000 });
    await playsAcrossRenewal(page);
    assert.match(await page.locator("[data-testid=renewal]").innerText(), /no wallet needed/);
    assert.deepEqual(await page.evaluate(() => window.__walletCalls ?? []), [], "the wallet was asked for a public video");
    await shot(page, "watch-public");
    // hls.js shows the default caption track: its cues, as the SRT said.
    await page.waitForFunction(() => {
      const el = document.querySelector("sg-app")?.shadowRoot?.querySelector("streamgate-player");
      const v = el?.shadowRoot?.querySelector("video");
      return v && [...v.textTracks].some((t) => t.mode === "showing" && (t.cues?.length ?? 0) >= 2);
    }, null, { timeout: 60_000 });
    const tracks = await textCues(page);
    const en = tracks.find((t) => t.language === "en");
    assert.ok(en, `an English track: ${JSON.stringify(tracks)}`);
    assert.equal(en.label, "English");
    const texts = en.cues.map((c) => c.text);
    assert.ok(texts.includes("Hello from the <i>captions</i>"), `cues: ${JSON.stringify(en.cues)}`);
    assert.ok(texts.includes("Second cue &amp; last") || texts.includes("Second cue & last"), `cues: ${JSON.stringify(en.cues)}`);
    const first = en.cues.find((c) => c.text.startsWith("Hello"));
    assert.ok(Math.abs(first.start - 0.2) < 0.05 && Math.abs(first.end - 1.9) < 0.05, `cue times: ${JSON.stringify(first)}`);
    // Paused inside the first cue, for the screenshot.
    await page.evaluate(() => {
      const v = document.querySelector("sg-app").shadowRoot.querySelector("streamgate-player").shadowRoot.querySelector("video");
      v.loop = false;
      v.pause();
      v.currentTime = 1.0;
    });
    await page.waitForTimeout(800);
    await shot(page, "watch-captions");
    // The CC menu lists the track; "Off" hides it, picking it shows it again.
    const cc = page.getByTestId("cc");
    assert.equal(await cc.getAttribute("aria-pressed"), "true");
    await cc.click();
    const items = page.getByRole("menuitemradio");
    assert.deepEqual(await items.allInnerTexts(), ["Off", "English (en)"]);
    await items.filter({ hasText: "Off" }).click();
    await page.waitForFunction(() => {
      const v = document.querySelector("sg-app").shadowRoot.querySelector("streamgate-player").shadowRoot.querySelector("video");
      return [...v.textTracks].every((t) => t.mode !== "showing");
    });
    await page.locator("[data-testid=cc][aria-pressed=false]").waitFor();
    await cc.focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => {
      const v = document.querySelector("sg-app").shadowRoot.querySelector("streamgate-player").shadowRoot.querySelector("video");
      return [...v.textTracks].some((t) => t.language === "en" && t.mode === "showing");
    });
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("the seek bar previews the storyboard tile of the hovered time, with the current token", async () => {
    const { ctx, page, errors } = await context(null);
    await page.goto(`${app}/v/${videoId}`);
    await playsAcrossRenewal(page);
    const seek = page.getByTestId("seek");
    const preview = page.getByTestId("seek-preview");
    await preview.waitFor({ state: "attached", timeout: 30_000 });
    assert.equal(await preview.isVisible(), false, "the preview shows before any hover");
    // The map the player read, fetched here with the same token.
    const sbUrl = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).find((n) => n.endsWith("/storyboard.json")));
    assert.ok(sbUrl, "the player never fetched storyboard.json");
    const sb = await (await fetch(sbUrl)).json();
    assert.equal(sb.tiles.length, 2, `a 4 s clip has a tile every 2 s: ${JSON.stringify(sb)}`);
    const [, second] = sb.tiles;
    assert.deepEqual([second.start, second.x, second.y], [2, sb.tile_width, 0]);
    const tileStyle = () => page.getByTestId("seek-tile").evaluate((el) => {
      const cs = getComputedStyle(el);
      return { pos: cs.backgroundPosition, image: cs.backgroundImage, w: cs.width, h: cs.height };
    });
    const box = await seek.boundingBox();
    const layout = await page.locator("streamgate-player").boundingBox();
    // Hover at 3 s of 4: the second tile.
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    await preview.waitFor({ state: "visible" });
    let s = await tileStyle();
    assert.equal(s.pos, `-${second.x}px 0px`);
    assert.equal(s.w, `${second.width}px`);
    assert.equal(s.h, `${second.height}px`);
    assert.match(await page.getByTestId("seek-time").innerText(), /^0:0[23]$/);
    const sheet = (img) => /url\("(.+)"\)/.exec(img)?.[1];
    const first = sheet(s.image);
    assert.ok(first?.endsWith(`/${second.url}`) && first.includes("/play/"), `sheet URL ${s.image}`);
    const res = await fetch(first);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/jpeg");
    await shot(page, "watch-seek-preview");
    // Hover near the start: the first tile; the page did not move.
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    s = await tileStyle();
    assert.equal(s.pos, "0px 0px");
    assert.deepEqual(await page.locator("streamgate-player").boundingBox(), layout, "the preview moved the layout");
    await page.mouse.move(box.x + box.width / 2, box.y - 200);
    await preview.waitFor({ state: "hidden" });
    // The token renews every two seconds here: a later preview uses the new one.
    await page.waitForTimeout(2500);
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    const later = sheet((await tileStyle()).image);
    assert.notEqual(later, first, "the preview kept an old token");
    assert.equal((await fetch(later)).status, 200);
    // Keyboard: End shows the last tile, leaving the bar hides it.
    await page.mouse.move(box.x + box.width / 2, box.y - 200);
    await seek.focus();
    await page.keyboard.press("End");
    await preview.waitFor({ state: "visible" });
    assert.equal((await tileStyle()).pos, `-${second.x}px 0px`);
    await page.keyboard.press("Home");
    assert.equal((await tileStyle()).pos, "0px 0px");
    assert.match(await page.getByTestId("seek-time").innerText(), /^0:00$/);
    await seek.blur();
    await preview.waitFor({ state: "hidden" });
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("the bar's keyboard shortcuts drive the video when the player has focus", async () => {
    const { ctx, page, errors } = await context(null, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${app}/v/${videoId}`);
    await ready(page);
    const video = page.locator("streamgate-player video");
    assert.equal(await video.getAttribute("tabindex"), "0");
    assert.match(await video.getAttribute("aria-keyshortcuts"), /Space k j l ArrowLeft/);
    await video.focus();
    let s = await playerState(page);
    assert.equal(s.paused, true, "the video played before anyone asked");
    const d = s.duration;
    await page.keyboard.press("k");
    await until(page, (s) => !s.paused, "k plays");
    await page.keyboard.press("Space");
    await until(page, (s) => s.paused, "Space pauses");
    // Digits: a tenth of the way each; Home and End, the ends.
    for (const [key, at] of [["5", d / 2], ["0", 0], ["9", d * 0.9], ["Home", 0], ["2", d / 5]]) {
      await page.keyboard.press(key);
      await until(page, (s) => near(s.time, at), `${key} seeks to ${at}`);
    }
    // The clip is 4 s: ±5 s and ±10 s both stop at its ends.
    await page.keyboard.press("ArrowRight");
    await until(page, (s) => near(s.time, d), "→ seeks to the end");
    await page.keyboard.press("j");
    await until(page, (s) => near(s.time, 0), "j seeks back to the start");
    await page.keyboard.press("l");
    await until(page, (s) => near(s.time, d), "l seeks to the end");
    await page.keyboard.press("ArrowLeft");
    await until(page, (s) => near(s.time, Math.max(d - 5, 0)), "← seeks back 5 s");
    // Volume by 5%, mute, captions.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await until(page, (s) => near(s.volume, 0.9), "↓↓ lowers the volume to 90%");
    await page.keyboard.press("ArrowUp");
    await until(page, (s) => near(s.volume, 0.95), "↑ raises it to 95%");
    await hasAttr(page, "volume", "aria-valuenow", "95");
    await page.keyboard.press("m");
    await until(page, (s) => s.muted, "m mutes");
    await hasAttr(page, "mute", "aria-label", "Unmute");
    await hasAttr(page, "volume", "aria-valuetext", "muted");
    await page.keyboard.press("m");
    await until(page, (s) => !s.muted && near(s.volume, 0.95), "m unmutes");
    await until(page, (s) => s.captions.includes("en"), "the default captions show");
    await page.keyboard.press("c");
    await until(page, (s) => s.captions.length === 0, "c hides the captions");
    await hasAttr(page, "cc", "aria-pressed", "false");
    await page.keyboard.press("c");
    await until(page, (s) => s.captions.includes("en"), "c shows them again");
    // Full screen of the player (its shadow root's .screen), and back.
    await page.keyboard.press("f");
    await until(page, (s) => s.full, "f enters full screen");
    await page.getByRole("button", { name: "Exit full screen" }).waitFor();
    await page.keyboard.press("f");
    await until(page, (s) => !s.full, "f leaves full screen");
    // A key a focused control means stays the control's: Space presses
    // the mute button, arrows move the volume slider, not the video.
    await focused(page, page.getByTestId("mute"), "mute");
    await page.keyboard.press("Space");
    s = await until(page, (s) => s.muted, "Space on the mute button mutes");
    assert.equal(s.paused, true, "Space on a button also played");
    await page.keyboard.press("Space");
    await until(page, (s) => !s.muted, "and unmutes");
    // The slider reads 0 while muted and shows the volume again once the
    // bar has re-rendered (after the media element's volumechange): an
    // arrow pressed before that moves it from 0.
    await hasAttr(page, "volume", "aria-valuenow", "95");
    const at = (await playerState(page)).time;
    await focused(page, page.getByTestId("volume"), "volume");
    await page.keyboard.press("ArrowLeft");
    s = await until(page, (s) => near(s.volume, 0.9), "← on the slider lowers the volume by its step");
    assert.ok(near(s.time, at), `← on the slider seeked: ${at} -> ${s.time}`);
    // Ctrl+k and the like are the browser's.
    await video.focus();
    await page.keyboard.press("Control+k");
    assert.equal((await playerState(page)).paused, true, "Ctrl+k played");
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("the volume slider, speed menu and picture in picture drive the video; the sound is remembered", async () => {
    const { ctx, page, errors } = await context(null, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${app}/v/${videoId}`);
    await ready(page);
    const volume = page.getByTestId("volume");
    assert.equal(await page.getByRole("slider", { name: "Volume" }).count(), 1, "no slider named Volume");
    assert.equal(await page.getByRole("slider", { name: "Seek" }).count(), 1, "no slider named Seek");
    await hasAttr(page, "volume", "aria-valuenow", "100");
    // Down to 0 with the slider: muted; the mute button brings back the
    // last volume heard.
    await volume.focus();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await until(page, (s) => near(s.volume, 0.9), "the slider lowers the volume");
    await hasAttr(page, "volume", "aria-valuetext", "90%");
    await page.keyboard.press("Home");
    await until(page, (s) => s.volume === 0, "the slider at 0");
    await hasAttr(page, "mute", "aria-label", "Unmute");
    await page.getByTestId("mute").click();
    await until(page, (s) => near(s.volume, 0.9) && !s.muted, "unmute goes back to 90%");
    // A click on the slider's track: about where it lands.
    const box = await volume.boundingBox();
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await until(page, (s) => s.volume >= 0.35 && s.volume <= 0.65, "a click in the slider's middle sets about half");
    // Speed, by mouse then keyboard.
    const speed = page.getByTestId("speed");
    await hasAttr(page, "speed", "aria-label", "Playback speed: 1×");
    await speed.click();
    const items = page.getByRole("menu", { name: "Playback speed" }).getByRole("menuitemradio");
    assert.deepEqual(await items.allInnerTexts(), ["0.5×", "0.75×", "1× (normal)", "1.25×", "1.5×", "2×"]);
    assert.equal(await page.getByRole("menuitemradio", { name: "1× (normal)" }).getAttribute("aria-checked"), "true");
    await shotOf(page.locator("streamgate-player .screen"), "player-speed-menu");
    await page.getByRole("menuitemradio", { name: "1.5×" }).click();
    await until(page, (s) => s.rate === 1.5, "1.5× from the menu");
    assert.equal(await page.getByRole("menu").count(), 0, "the menu stayed open");
    await hasAttr(page, "speed", "aria-label", "Playback speed: 1.5×");
    assert.equal(await page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.dataset.testid;
    }), "speed", "focus did not go back to the speed button");
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await until(page, (s) => s.rate === 0.5, "0.5× by keyboard");
    await speed.click();
    await page.keyboard.press("Escape");
    assert.equal(await page.getByRole("menu").count(), 0, "Escape left the menu open");
    await speed.click();
    await page.getByRole("menuitemradio", { name: "2×" }).click();
    await until(page, (s) => s.rate === 2, "2×");
    // Picture in picture: offered when the browser enables it.
    const pip = page.getByTestId("pip");
    const enabled = (await playerState(page)).pipEnabled;
    console.log(`  document.pictureInPictureEnabled: ${enabled}`);
    assert.equal(await pip.count(), enabled ? 1 : 0, "the PiP button's presence follows pictureInPictureEnabled");
    if (enabled) {
      await pip.click();
      await until(page, (s) => s.pip, "the PiP button enters picture in picture");
      await hasAttr(page, "pip", "aria-pressed", "true");
      await pip.click();
      await until(page, (s) => !s.pip, "and leaves it");
    }
    // The volume and the mute are remembered across loads; the speed is not.
    await page.locator("streamgate-player video").focus();
    await page.keyboard.press("Home");
    const before = await playerState(page);
    await page.keyboard.press("m");
    await until(page, (s) => s.muted, "m mutes");
    await remembered(page, true);
    await page.reload();
    await ready(page);
    const after = await until(page, (s) => s.muted && near(s.volume, before.volume), "the sound after a reload");
    assert.equal(after.rate, 1);
    await hasAttr(page, "mute", "aria-label", "Unmute");
    await hasAttr(page, "volume", "aria-valuetext", "muted");
    await page.getByTestId("mute").click();
    await remembered(page, false);
    await page.reload();
    await ready(page);
    await until(page, (s) => !s.muted && near(s.volume, before.volume), "unmuted after another reload");
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("at 320 px the bar fits: a seek row, 44 px buttons, speed and PiP in 'more'", async () => {
    const { ctx, page, errors } = await context(null, { viewport: { width: 320, height: 640 }, ctx: { hasTouch: true, isMobile: true } });
    await page.goto(`${app}/embed/${videoId}`);
    await ready(page);
    const player = await page.locator("streamgate-player .screen").boundingBox();
    assert.ok(player.width <= 320, `the player is ${player.width} px wide`);
    const bar = page.locator("sg-controls .bar");
    assert.deepEqual(await bar.evaluate((el) => [el.scrollWidth <= el.clientWidth, el.scrollHeight <= el.clientHeight]), [true, true], "the bar overflows");
    for (const id of ["play", "mute", "cc", "more", "full"]) {
      const b = await page.getByTestId(id).boundingBox();
      assert.ok(b, `${id} is hidden`);
      assert.ok(b.width >= 44 && b.height >= 44, `${id} is ${b.width}×${b.height}`);
      assert.ok(b.x >= player.x && b.x + b.width <= player.x + player.width + 0.5, `${id} sticks out: ${JSON.stringify(b)}`);
    }
    const seek = await page.getByTestId("seek").boundingBox();
    const play = await page.getByTestId("play").boundingBox();
    assert.ok(seek.y + seek.height <= play.y + 1 && seek.width > player.width * 0.8, `the seek bar is not a row of its own: ${JSON.stringify(seek)}`);
    for (const id of ["speed", "volume", "pip"]) assert.equal(await page.getByTestId(id).isVisible(), false, `${id} shows at 320 px`);
    await page.getByTestId("more").tap();
    const menu = page.getByRole("menu", { name: "More options" });
    await menu.waitFor();
    const m = await menu.boundingBox();
    assert.ok(m.y >= player.y && m.x >= player.x && m.x + m.width <= player.x + player.width + 0.5, `the menu leaves the player: ${JSON.stringify(m)}`);
    assert.equal(await menu.getByRole("menuitem", { name: "Picture in picture" }).count(), (await playerState(page)).pipEnabled ? 1 : 0);
    await shotOf(page.locator("streamgate-player .screen"), "player-narrow-menu");
    await menu.getByRole("menuitemradio", { name: "1.25×" }).tap();
    await until(page, (s) => s.rate === 1.25, "1.25× from 'more'");
    await page.getByTestId("cc").tap();
    await shotOf(page.locator("streamgate-player .screen"), "player-narrow-captions");
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("a video whose storyboard cannot be read plays with no preview and no error", async () => {
    const { ctx, page, errors } = await context(null);
    await page.route("**/storyboard.json", (r) => r.fulfill({ status: 404, body: "no" }));
    const asked = page.waitForRequest((r) => r.url().endsWith("/storyboard.json"), { timeout: 60_000 });
    await page.goto(`${app}/v/${videoId}`);
    await asked;
    await page.locator("streamgate-player[state=playing]").waitFor({ timeout: 60_000 });
    await page.getByTestId("seek").waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId("seek-preview").count(), 0);
    assert.equal(await page.locator("streamgate-player [role=alert]").count(), 0);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("the embed plays the public video on another origin with no wallet at all, with seek previews", async () => {
    const { ctx, page, errors } = await context(null);
    await page.goto(`${host}/host.html?video=${videoId}`);
    await playsAcrossRenewal(page);
    await page.getByTestId("seek-preview").waitFor({ state: "attached", timeout: 30_000 });
    const box = await page.getByTestId("seek").boundingBox();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
    await page.getByTestId("seek-preview").waitFor({ state: "visible" });
    assert.notEqual(await page.getByTestId("seek-tile").evaluate((el) => getComputedStyle(el).backgroundPosition), "0px 0px");
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("creator deletes the caption track in the studio; the player no longer offers it", async () => {
    const caps = page.locator("sg-captions");
    await caps.getByRole("button", { name: "Delete track English (en)" }).click();
    await caps.getByTestId("no-tracks").waitFor();
    assert.match(await caps.getByTestId("caption-status").innerText(), /Deleted “English”/);
    assert.equal((await (await creatorSDK()).videos.listTextTracks({ videoId })).tracks.length, 0);
    const { ctx, page: viewer, errors } = await context(null);
    await viewer.goto(`${app}/v/${videoId}`);
    await playsAcrossRenewal(viewer);
    const tracks = (await textCues(viewer)).filter((t) => t.language === "en");
    assert.deepEqual(tracks, [], "the deleted track is still offered");
    assert.equal(await viewer.getByTestId("cc").count(), 0);
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("creator sets a gate in the rule builder; a bad address shows on its field", async () => {
    // The chain picker offers the server's chains by name (ListChains).
    const picker = page.getByLabel("Chain", { exact: true });
    assert.match((await picker.locator("option").allTextContents()).join("\n"), /Test chain \(chain 31337\)/);
    await picker.selectOption(String(chainId));
    await page.getByLabel("Contract address").fill("0x1234");
    await page.getByRole("button", { name: "Save rule" }).click();
    const fieldErr = page.locator("sg-rule-builder .field-error");
    await fieldErr.first().waitFor();
    assert.equal(await page.getByLabel("Contract address").getAttribute("aria-invalid"), "true");
    await page.getByLabel("Contract address").fill(nft);
    await page.getByRole("button", { name: "Save rule" }).click();
    await page.getByText("Rule saved").waitFor();
    await page.locator("sg-rule-builder", { hasText: "hold any token of the NFT collection" }).waitFor();
  });

  await step("creator tests a wallet", async () => {
    await page.getByPlaceholder("0x… wallet address").fill(addresses.holder);
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await page.getByText("This wallet may watch.").waitFor();
    await page.locator("[data-testid=explain] .tree").waitFor();
    await page.getByPlaceholder("0x… wallet address").fill(addresses.stranger);
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await page.getByText("This wallet may not watch.").waitFor();
    await page.getByPlaceholder("0x… wallet address").fill(addresses.holder);
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await page.getByText("This wallet may watch.").waitFor();
    await shot(page, "studio");
  });

  await step("without a wallet the page says what to install, over the public poster", async () => {
    const sg = await creatorSDK();
    const poster = `${app}/poster/${videoId}.jpg`;
    assert.equal((await fetch(poster)).status, 404, "the poster is public before the owner allowed it");
    await sg.videos.updateVideo({ id: videoId, publicPoster: true, updateMask: { paths: ["public_poster"] } });
    const res = await fetch(poster);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/jpeg");
    const { ctx, page } = await context(null);
    await page.goto(`${app}/v/${videoId}`);
    await page.locator("[data-testid=rule]").waitFor();
    await page.waitForFunction(() => {
      const el = document.querySelector("sg-app")?.shadowRoot?.querySelector("streamgate-player");
      const img = el?.shadowRoot?.querySelector("[data-testid=public-poster]");
      return img?.complete && img.naturalWidth > 0;
    }, null, { timeout: 30_000 });
    await shot(page, "watch-gate-poster");
    await page.getByRole("button", { name: "Sign in with wallet" }).first().click();
    await page.locator("[data-testid=no-wallet]").first().waitFor();
    assert.match(await page.locator("[data-testid=no-wallet]").first().innerText(), /MetaMask/);
    await ctx.close();
  });

  await step("holder sees the rule before signing, signs in and plays across a renewal", async () => {
    const { ctx, page, errors } = await context("holder", { viewport: { width: 390, height: 844 } });
    await page.goto(`${app}/v/${videoId}`);
    const rule = page.locator("[data-testid=rule]");
    await rule.waitFor();
    // The collection by its on-chain name and symbol, the chain by name,
    // the contract linked to the configured explorer: before any prompt.
    assert.match(await rule.innerText(), /hold any token of the NFT collection StreamGate Test Pass \(SGT\) 0x.{4}….* on Test chain \(chain 31337\)/);
    assert.equal(await rule.locator("[data-testid=explorer]").getAttribute("href"), `https://explorer.example/address/${nft}`);
    assert.deepEqual(await page.evaluate(() => window.__walletCalls ?? []), [], "the wallet was asked before the user chose to sign in");
    await shot(page, "watch-gate-phone");
    await signIn(page);
    await playsAcrossRenewal(page);
    await page.setViewportSize({ width: 1100, height: 900 });
    await shot(page, "watch-allowed");
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("a stranger is told why not", async () => {
    const { ctx, page } = await context("stranger");
    await page.goto(`${app}/v/${videoId}`);
    await signIn(page);
    const denied = page.locator("[data-testid=denied]");
    await denied.waitFor({ timeout: 60_000 });
    const text = await denied.innerText();
    assert.match(text, /cannot watch/);
    assert.match(text, /not held/);
    await shot(page, "watch-refused");
    await ctx.close();
  });

  await step("the embed element plays on a page of another origin", async () => {
    const { ctx, page, errors } = await context("holder");
    await page.goto(`${host}/host.html?video=${videoId}`);
    assert.notEqual(new URL(page.url()).origin, new URL(app).origin);
    const player = page.locator("streamgate-player");
    await player.locator("[data-testid=rule]").waitFor();
    // The element's wallet control lives on its sign-in screen, which
    // goes as soon as the wallet has signed (this page has no header to
    // keep "Signed in as" on screen): playing is the proof here.
    await player.getByRole("button", { name: "Sign in with wallet" }).first().click();
    await playsAcrossRenewal(page);
    assert.ok((await page.evaluate(() => window.__walletCalls ?? [])).includes("personal_sign"), "the embed played without signing in");
    await shot(page, "embed");
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  await step("the iframe page plays", async () => {
    const { ctx, page } = await context("holder");
    await page.goto(`${host}/iframe.html?video=${videoId}`);
    const frame = page.frameLocator("iframe");
    await frame.locator("[data-testid=rule]").waitFor();
    await frame.getByRole("button", { name: "Sign in with wallet" }).first().click();
    await frame.locator("streamgate-player[state=playing]").waitFor({ timeout: 60_000 });
    await ctx.close();
  });

  await step("a chain that cannot answer reads 'try again', never 'denied'", async () => {
    const { ctx, page } = await context("stranger");
    await page.goto(`${app}/v/${videoId}`);
    await signIn(page);
    await page.locator("[data-testid=denied]").waitFor({ timeout: 60_000 });
    await fetch(`${host}/chain/down`, { method: "POST" });
    await page.waitForTimeout(1500); // past the gate's one-second answer cache
    await page.reload();
    const down = page.locator("[data-testid=unavailable]");
    await down.waitFor({ timeout: 30_000 });
    const text = await down.innerText();
    assert.match(text, /Try again/);
    assert.doesNotMatch(text, /denied|cannot watch/i);
    await shot(page, "watch-unavailable");
    await fetch(`${host}/chain/up`, { method: "POST" });
    await page.getByRole("button", { name: "Try again" }).click();
    await page.locator("[data-testid=denied]").waitFor({ timeout: 60_000 });
    await ctx.close();
  });

  await step("an upload interrupted by a reload resumes", async () => {
    await page.goto(`${app}/studio`);
    await page.getByLabel("Title").first().fill("Second cut");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "Second cut" }).waitFor();
    const second = await page.locator("ul.videos button[aria-current=true]").getAttribute("data-video");
    // Parts 2 and 3 cannot reach the object store (a connection that
    // drops): part 1 is stored, the upload stops, the page is reloaded,
    // and picking the same file again sends only what is missing.
    const cdp = await creator.ctx.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setBlockedURLs", { urls: ["*partNumber=2&*", "*partNumber=3&*"] });
    await page.locator("#file").setInputFiles(clip);
    await page.locator("[data-testid=upload] p.error").waitFor({ timeout: 120_000 });
    await shot(page, "studio-upload-stopped");
    await cdp.send("Network.setBlockedURLs", { urls: [] });
    await page.reload();
    await page.locator(`ul.videos button[data-video="${second}"]`).click();
    await page.locator("[data-testid=resume-hint]").waitFor();
    await page.locator("#file").setInputFiles(clip);
    await page.locator("[data-testid=resumed]").waitFor({ timeout: 60_000 });
    assert.match(await page.locator("[data-testid=resumed]").innerText(), /5\.0 MB were already stored/);
    await page.getByText("Uploaded: processing starts now.").waitFor({ timeout: 120_000 });
  });
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await browser.close();
  console.log(`total ${Date.now() - t0} ms`);
}
process.exit(failed ? 1 : 0);
