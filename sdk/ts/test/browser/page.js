// The browser test page (bundled by `npm run build:browser-test`): signs in
// through an injected EIP-1193 provider backed by a viem account, exactly
// as a dapp would with window.ethereum, and uploads a File. The API URL
// comes from ?api=. The outcome lands in window.__result for the runner.

import Hls from "hls.js";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { StreamGate, hashParts, play, sha256Hex, sha256PartBase64, uploadv1, videov1 } from "../../dist/index.js";

import { pattern } from "./pattern.js";

const log = (s) => (document.getElementById("log").textContent += "\n" + s);

function injectedProvider(account) {
  return {
    async request({ method, params }) {
      switch (method) {
        case "eth_requestAccounts":
          return [account.address];
        case "eth_chainId":
          return "0x1";
        case "personal_sign":
          return account.signMessage({ message: { raw: params[0] } });
        default:
          throw new Error(`unsupported ${method}`);
      }
    },
  };
}

async function main() {
  const hash = new URLSearchParams(location.search).get("hash");
  if (hash) {
    window.__result = { hash: await hashInWorker(Number(hash)) };
    return;
  }
  const api = new URLSearchParams(location.search).get("api");
  const saved = JSON.parse(sessionStorage.getItem("session") ?? "null");
  const key = saved?.key ?? generatePrivateKey();
  const account = privateKeyToAccount(key);
  window.ethereum = injectedProvider(account);
  const sg = new StreamGate({
    baseUrl: api,
    tokens: saved?.tokens,
    onTokens: (tokens) => sessionStorage.setItem("session", JSON.stringify({ key, tokens })),
  });
  const signedIn = saved ? { address: account.address } : await sg.signIn(window.ethereum);
  log(`signed in as ${signedIn.address}`);
  const me = await sg.auth.whoAmI({});
  const result = {
    wallet: account.address,
    signedIn: signedIn.address,
    whoAmI: me.address,
    chainId: String(me.chainId),
    secureContext: window.isSecureContext,
    storedTokens: Boolean(sg.tokens?.accessToken),
  };
  window.__result = result;
  const videoId = new URLSearchParams(location.search).get("play");
  if (videoId) {
    result.play = await playAndRenew(sg, videoId);
    return;
  }
  if (new URLSearchParams(location.search).get("upload") === "1") result.upload = await uploadWithReload(sg);
}

// hashInWorker hashes `size` pattern bytes (plus 3, so the length is not
// a multiple of any block): first with Workers hidden (the in-thread
// WebAssembly fallback), then as the SDK does by default (Web Crypto in
// one call, in a worker) and streamed through WebAssembly in the worker,
// then its 5 MiB parts' digests (in the same worker), counting the Workers
// started and how long the page's thread was ever busy meanwhile.
async function hashInWorker(size) {
  const blob = new Blob([pattern(size + 3)]);
  const chunk = 8 << 20;
  const Real = window.Worker;
  window.Worker = undefined;
  const inThread = await sha256Hex(blob, undefined, undefined, chunk, 0);
  window.Worker = Real;
  const workers = [];
  window.Worker = class extends Real {
    constructor(url, opts) {
      super(url, opts);
      workers.push(String(url).split(":")[0]);
    }
  };
  let last = performance.now();
  let maxGapMs = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 5);
  const progress = [];
  const t = performance.now();
  const hex = await sha256Hex(blob);
  const ms = performance.now() - t;
  const streamed = await sha256Hex(blob, (n) => progress.push(n), undefined, chunk, 0);
  const part = await sha256PartBase64(blob.slice(0, 5 << 20));
  const partsProgress = [];
  const parts = await hashParts(blob, { partSize: 5 << 20, onProgress: (n) => partsProgress.push(n) });
  clearInterval(tick);
  window.Worker = Real;
  const b64 = (d) => btoa(String.fromCharCode(...d));
  return {
    hex,
    streamed,
    inThread,
    part,
    parts: { partsSha256: parts.partsSha256, digests: parts.digests.map(b64), progress: partsProgress },
    workers,
    progress,
    maxGapMs,
    ms,
    size: blob.size,
  };
}

// uploadWithReload uploads a three-part clip as a File, reloads the page
// for real once the first part is stored, and on the reloaded page picks
// the same file again: the SDK must resume from localStorage. The session
// survives the reload through onTokens and sessionStorage, as an app would
// keep it.
async function uploadWithReload(sg) {
  const state = JSON.parse(sessionStorage.getItem("test") ?? "{}");
  const blob = await (await fetch("./clip.mp4")).blob();
  const file = new File([blob], "clip.mp4", { type: "video/mp4", lastModified: 1700000000000 });
  if (!state.videoId) {
    const { video } = await sg.videos.createVideo({ title: "from the browser", visibility: videov1.Visibility.PRIVATE });
    state.videoId = video.id;
    state.creates = 0;
  }
  const phases = new Set();
  let last = 0;
  // Stops this page's upload the moment it asks for the reload, as the
  // unload would, so the old page can neither finish the upload nor
  // report before the new one runs.
  const dying = new AbortController();
  const save = () => sessionStorage.setItem("test", JSON.stringify(state));
  save();
  try {
    const up = await sg.upload(state.videoId, file, {
      partSize: 5 << 20, // three parts
      signal: dying.signal,
      onCreate: () => {
        state.creates++;
        save();
      },
      onProgress: (p) => {
        phases.add(p.phase);
        last = p.loaded;
        if (!state.reloaded && p.phase === "uploading" && p.loaded >= 5 << 20) {
          state.reloaded = true;
          save();
          dying.abort(new Error("page reloading"));
          location.reload();
        }
      },
    });
    return {
      state: uploadv1.State[up.state],
      partsSha256: up.partsSha256,
      sha256: up.sha256,
      progress: last,
      size: file.size,
      creates: state.creates,
      reloaded: Boolean(state.reloaded),
      hashedAfterReload: phases.has("hashing"),
      leftInLocalStorage: Object.keys(localStorage).filter((k) => k.startsWith("streamgate:upload:")).length,
    };
  } catch (err) {
    if (dying.signal.aborted) return new Promise(() => {}); // this page is going away
    return { error: String(err), progress: last };
  }
}

// playAndRenew plays the video with hls.js, waits for the SDK to renew the
// token (the server renews a second after granting), then has hls.js load
// the first grant's URL again: the SDK must send it with the new token.
async function playAndRenew(sg, videoId) {
  const media = document.createElement("video");
  media.muted = true;
  document.body.append(media);
  const out = { fragments: [], manifests: [], errors: [] };
  let renewed;
  const renewal = new Promise((resolve) => (renewed = resolve));
  const pb = await play(sg, {
    Hls,
    media,
    videoId,
    onRenew: (g) => renewed(g),
    onError: (e) => out.errors.push(String(e)),
  });
  const first = pb.grant;
  out.firstToken = first.token;
  pb.hls.on(Hls.Events.MANIFEST_LOADED, (_, d) => out.manifests.push(d.networkDetails?.responseURL ?? d.url));
  pb.hls.on(Hls.Events.FRAG_LOADED, (_, d) => out.fragments.push(d.networkDetails?.responseURL ?? d.frag.url));
  pb.hls.on(Hls.Events.ERROR, (_, d) => d.fatal && out.errors.push(`${d.type}: ${d.details}`));
  const loaded = new Promise((resolve) => media.addEventListener("loadeddata", resolve, { once: true }));
  const g = await renewal;
  out.renewedToken = g.token;
  pb.hls.loadSource(first.url);
  await new Promise((resolve) => {
    const check = () => (out.manifests.length >= 2 ? resolve() : setTimeout(check, 50));
    check();
  });
  out.mediaLoaded = await Promise.race([loaded.then(() => true), new Promise((r) => setTimeout(() => r(false), 30_000))]);
  out.h264 = typeof MediaSource !== "undefined" && MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E"');
  pb.destroy();
  return out;
}

main().then(
  () => {
    window.__done = true;
  },
  (err) => {
    window.__result = { error: String(err?.stack ?? err) };
    window.__done = true;
  },
);
