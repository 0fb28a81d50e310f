// Whole-file SHA-256: the SDK in Chromium (in its Web Worker, the SDK
// bundled into the page by esbuild; by default and streamed through
// WebAssembly as files over 512 MiB are) and in Node, against node:crypto
// on the same bytes in the same run, reporting the throughput ratios;
// then the per-part hashes.
// `npm run bench` (BENCH_MIB=256 by default, BENCH_ROUNDS=3).

import { createHash } from "node:crypto";
import { createServer } from "node:http";

import { build } from "esbuild";

import { sha256Base64, sha256Hex } from "../dist/index.js";
import { pattern } from "../test/browser/pattern.js";
import { launchChromium } from "../test/chromium.js";

const MiB = 1 << 20;
const size = Number(process.env.BENCH_MIB ?? 256) * MiB;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const chunk = 32 * MiB; // the SDK's read size (hashChunkBytes)
const rate = (ms, bytes = size) => `${(bytes / MiB / (ms / 1000)).toFixed(0)} MiB/s`;

const bundle = await build({
  entryPoints: [new URL("./page.js", import.meta.url).pathname],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  write: false,
  logLevel: "warning",
});
const js = bundle.outputFiles[0].text;
const srv = createServer((req, res) => {
  if (req.url === "/page.js") {
    res.writeHead(200, { "content-type": "text/javascript" });
    res.end(js);
    return;
  }
  res.writeHead(200, { "content-type": "text/html" });
  res.end('<!doctype html><meta charset="utf-8"><title>hash bench</title><script src="/page.js"></script>');
});
await new Promise((resolve) => srv.listen(0, "127.0.0.1", resolve));

const browser = await launchChromium();
// One round hashes the same bytes with each contender; the order rotates
// between rounds so that a load swing on a shared machine hits them alike.
const blob = new Blob([pattern(size)]);
async function nodeCrypto() {
  const t = performance.now();
  const h = createHash("sha256");
  for (let off = 0; off < blob.size; off += chunk) h.update(new Uint8Array(await blob.slice(off, off + chunk).arrayBuffer()));
  return { hex: h.digest("hex"), ms: performance.now() - t };
}
async function nodeSdk() {
  const t = performance.now();
  const hex = await sha256Hex(blob);
  return { hex, ms: performance.now() - t };
}

let ua;
const runs = [];
let part;
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${srv.address().port}/`);
  await tab.waitForFunction(() => window.__ready === true);
  ua = await tab.evaluate((s) => window.prepare(s), size);
  const contenders = {
    chromium: () => tab.evaluate(() => window.hash("default")),
    chromiumStream: () => tab.evaluate(() => window.hash("stream")),
    node: nodeCrypto,
    nodeSdk,
  };
  const names = Object.keys(contenders);
  for (let i = 0; i < rounds; i++) {
    const r = {};
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      r[name] = await contenders[name]();
    }
    for (const name of names) {
      if (r[name].hex !== r.node.hex) throw new Error(`${name}'s hash ${r[name].hex} differs from node:crypto's ${r.node.hex}`);
    }
    runs.push(r);
  }
  part = await tab.evaluate(() => window.part());
} finally {
  await browser.close();
  srv.close();
}

const x = (base, ms) => `${(base / ms).toFixed(2)}x`;
console.log(`whole file, ${size / MiB} MiB, ${rounds} rounds (${ua.match(/Chrome\/[\d.]+/)?.[0] ?? "Chromium"}, Node ${process.versions.node}); ratio = node:crypto time / SDK time`);
console.log("| round | Chromium sha256Hex (worker, Web Crypto) | Chromium, streamed (worker, WebAssembly) | Node sha256Hex | node:crypto | ratio Chromium | ratio streamed | ratio Node SDK |");
runs.forEach((r, i) => {
  console.log(
    `| ${i + 1} | ${rate(r.chromium.ms)} | ${rate(r.chromiumStream.ms)} | ${rate(r.nodeSdk.ms)} | ${rate(r.node.ms)} | ` +
      `${x(r.node.ms, r.chromium.ms)} | ${x(r.node.ms, r.chromiumStream.ms)} | ${x(r.node.ms, r.nodeSdk.ms)} |`,
  );
});

const bytes = new Uint8Array(await blob.slice(0, 16 * MiB).arrayBuffer());
let t = performance.now();
createHash("sha256").update(bytes).digest("base64");
const partNode = performance.now() - t;
t = performance.now();
await sha256Base64(bytes);
const partSdk = performance.now() - t;
console.log(
  `one 16 MiB part: Chromium Web Crypto ${rate(part.subtle, 16 * MiB)}, Chromium worker ${rate(part.worker, 16 * MiB)}, ` +
    `Node sha256Base64 ${rate(partSdk, 16 * MiB)}, node:crypto ${rate(partNode, 16 * MiB)}`,
);
