// Builds the web app into server/web/dist, which the Go server embeds:
// index.html (every page), hashed modules under assets/ (the studio and
// hls.js load on demand), and embed/player.js, the one-file
// <streamgate-player> for other sites. Run by `make generate`.

import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "server", "web", "dist");
const common = {
  bundle: true,
  minify: true,
  target: "es2022",
  platform: "browser",
  legalComments: "none",
  // The SDK as it is published: its build (npm run build in sdk/ts)
  // inlines the hashing worker.
  alias: { "@streamgate/sdk": join(here, "..", "sdk", "ts", "dist", "index.js") },
  logLevel: "warning",
};

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "embed"), { recursive: true });

const app = await build({
  ...common,
  entryPoints: { app: join(here, "src", "app.ts") },
  format: "esm",
  splitting: true,
  outdir: join(out, "assets"),
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  metafile: true,
});
const entry = Object.entries(app.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith("src/app.ts"))?.[0];
if (!entry) throw new Error("no app entry in the build output");
const script = "/assets/" + entry.split("/").pop();
const page = readFileSync(join(here, "src", "index.html"), "utf8").replace("%APP%", script);
writeFileSync(join(out, "index.html"), page);

await build({
  ...common,
  entryPoints: [join(here, "src", "embed.ts")],
  format: "iife",
  outfile: join(out, "embed", "player.js"),
});
