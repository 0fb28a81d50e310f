// Whole-file SHA-256: the SDK in Chromium (Web Worker + WebAssembly, the
// SDK bundled into the page by esbuild) against node:crypto on the same
// bytes in the same run, reporting the throughput ratio; then the SDK in
// Node (WebAssembly on the calling thread) and the per-part hashes.
// `npm run bench` (BENCH_MIB=256 by default, BENCH_ROUNDS=3).

import { createHash } from "node:crypto";
import { createServer } from "node:http";

import { build } from "esbuild";
import { chromium } from "playwright-core";

import { sha256Base64, sha256Hex } from "../dist/index.js";
import { pattern } from "../test/browser/pattern.js";

const MiB = 1 << 20;
const size = Number(process.env.BENCH_MIB ?? 256) * MiB;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const chunk = 8 * MiB;
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

const browser = await chromium.launch({
  executablePath: process.env.STREAMGATE_CHROMIUM ?? "/usr/bin/chromium",
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
let page;
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${srv.address().port}/`);
  await tab.waitForFunction(() => window.__ready === true);
  page = await tab.evaluate(([s, r]) => window.bench(s, r), [size, rounds]);
} finally {
  await browser.close();
  srv.close();
}

// node:crypto reads the same bytes from a Blob in the same chunks.
const blob = new Blob([pattern(size)]);
const node = [];
let want;
for (let i = 0; i < rounds; i++) {
  const t = performance.now();
  const h = createHash("sha256");
  for (let off = 0; off < blob.size; off += chunk) h.update(new Uint8Array(await blob.slice(off, off + chunk).arrayBuffer()));
  want = h.digest("hex");
  node.push(performance.now() - t);
}
if (page.hex !== want) throw new Error(`Chromium's hash ${page.hex} differs from node:crypto's ${want}`);
const sdkNode = [];
for (let i = 0; i < rounds; i++) {
  const t = performance.now();
  if ((await sha256Hex(blob)) !== want) throw new Error("the SDK's Node hash differs from node:crypto's");
  sdkNode.push(performance.now() - t);
}

console.log(`whole file, ${size / MiB} MiB, ${rounds} runs (${page.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? "Chromium"}, Node ${process.versions.node})`);
for (let i = 0; i < rounds; i++) {
  console.log(
    `  run ${i + 1}: Chromium sha256Hex (worker, wasm) ${rate(page.runs[i])}, node:crypto ${rate(node[i])}, ratio ${(node[i] / page.runs[i]).toFixed(2)}x; ` +
      `Node sha256Hex (wasm, in-thread) ${rate(sdkNode[i])}, ratio ${(node[i] / sdkNode[i]).toFixed(2)}x`,
  );
}
const best = (a) => Math.min(...a);
console.log(`  best: Chromium/node:crypto ${(best(node) / best(page.runs)).toFixed(2)}x, Node SDK/node:crypto ${(best(node) / best(sdkNode)).toFixed(2)}x`);

const part = new Uint8Array(await blob.slice(0, 16 * MiB).arrayBuffer());
let t = performance.now();
createHash("sha256").update(part).digest("base64");
const partNode = performance.now() - t;
t = performance.now();
await sha256Base64(part);
const partSdk = performance.now() - t;
console.log(
  `one 16 MiB part: Chromium Web Crypto ${rate(page.partSubtle, 16 * MiB)}, Chromium worker ${rate(page.partWorker, 16 * MiB)}, ` +
    `Node sha256Base64 ${rate(partSdk, 16 * MiB)}, node:crypto ${rate(partNode, 16 * MiB)}`,
);
