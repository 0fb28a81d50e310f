import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";

import { chromium } from "playwright-core";

import { baseUrl } from "./helpers.js";

const chromiumPath = process.env.STREAMGATE_CHROMIUM ?? "/usr/bin/chromium";
const page = process.env.STREAMGATE_PAGE_URL ?? "";

test("a page signs in through Connect-Web with an injected EIP-1193 wallet", async (t) => {
  if (!existsSync(chromiumPath)) {
    console.error(`\n!!!!!!!!\n!!! SKIPPING the browser test: no Chromium at ${chromiumPath} (apt-get install chromium)\n!!!!!!!!\n`);
    t.skip(`no Chromium at ${chromiumPath}`);
    return;
  }
  assert.ok(page, "STREAMGATE_PAGE_URL not set");
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  t.after(() => browser.close());
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  tab.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await tab.goto(`${page}?api=${encodeURIComponent(baseUrl)}`);
  await tab.waitForFunction(() => window.__done === true, null, { timeout: 60_000 });
  const result = await tab.evaluate(() => window.__result);
  assert.equal(result.error, undefined, `page failed: ${result.error}\n${errors.join("\n")}`);
  assert.equal(result.signedIn, result.wallet);
  assert.equal(result.whoAmI, result.wallet);
  assert.equal(result.chainId, "1");
  assert.equal(result.storedTokens, true);
});
