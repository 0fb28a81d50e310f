// Starts Debian's Chromium for the browser test and the hashing bench,
// with the flags a shared, offline machine needs.

import { chromium } from "playwright-core";

/** Where Chromium is; STREAMGATE_CHROMIUM overrides. */
export const chromiumPath = process.env.STREAMGATE_CHROMIUM ?? "/usr/bin/chromium";

/** Launches headless Chromium. */
export function launchChromium() {
  return chromium.launch({
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
}
