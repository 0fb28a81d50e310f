// Bundles <streamgate-player> (the web app's web/src/embed.ts, Lit and
// hls.js included) into dist/player.js, the same one-file script the
// server serves at /embed/player.js, so that the npm package ships it:
// `import "@streamgate/sdk/player.js"` or a <script> tag. Runs after tsc
// in `npm run build`; its dependencies resolve from this package's
// node_modules (lit and hls.js are dev dependencies here).

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, "..");
await build({
  entryPoints: [join(pkg, "..", "..", "web", "src", "embed.ts")],
  outfile: join(pkg, "dist", "player.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2022",
  platform: "browser",
  legalComments: "none",
  alias: { "@streamgate/sdk": join(pkg, "dist", "index.js") },
  nodePaths: [join(pkg, "node_modules")],
  logLevel: "warning",
});
console.log("player: dist/player.js");
