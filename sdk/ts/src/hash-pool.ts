// Runs SHA-256 of Blobs in a Web Worker, so a page stays responsive while
// a large file is hashed. The worker's code is inlined (a blob: URL), so
// nothing has to be served beside the app's bundle; where Workers are
// missing (Node) or refused (a CSP without `worker-src blob:`), callers
// hash on their own thread instead.

import source from "./hash-worker-source.js";
import type { WorkerReply, WorkerRequest } from "./hash-worker.js";
import type { DigestPlan } from "./sha256.js";

interface Pending {
  resolve(sum: Uint8Array): void;
  reject(err: unknown): void;
  progress?: (loaded: number) => void;
}

// How long an idle worker is kept before it is ended.
const idleMs = 10_000;

let url: string | undefined;
let worker: Worker | undefined;
let broken = false;
let nextId = 1;
let idle: ReturnType<typeof setTimeout> | undefined;
const pending = new Map<number, Pending>();

/** Reports whether hashing can run in a Web Worker here. */
export function workersAvailable(): boolean {
  return !broken && typeof Worker === "function" && typeof URL.createObjectURL === "function";
}

/**
 * Hashes `blob` in the worker: its SHA-256, or with a `partSize` its
 * parts' digests concatenated. Rejects with `WorkerUnavailable` when no
 * worker could run it (the caller then hashes on its own thread).
 */
export function digestInWorker(
  blob: Blob,
  plan: DigestPlan,
  onProgress?: (loaded: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  signal?.throwIfAborted();
  const w = start();
  if (!w) return Promise.reject(new WorkerUnavailable("no Web Worker"));
  if (idle !== undefined) clearTimeout(idle);
  const id = nextId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    const abort = () => {
      w.postMessage({ id, cancel: true } satisfies WorkerRequest);
      settle(id);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
    const done = () => signal?.removeEventListener("abort", abort);
    pending.set(id, {
      resolve: (s) => (done(), resolve(s)),
      reject: (e) => (done(), reject(e)),
      ...(onProgress && { progress: onProgress }),
    });
    w.postMessage({ id, blob, ...plan, progress: Boolean(onProgress) } satisfies WorkerRequest);
  });
}

/** The worker could not run: hash on this thread instead. */
export class WorkerUnavailable extends Error {
  override name = "WorkerUnavailable";
}

function start(): Worker | undefined {
  if (worker) return worker;
  if (!workersAvailable()) return undefined;
  try {
    url ??= URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    worker = new Worker(url, { name: "streamgate-sha256" });
  } catch {
    broken = true; // e.g. a CSP that refuses blob: workers
    return undefined;
  }
  worker.onmessage = (e: MessageEvent<WorkerReply>) => onReply(e.data);
  // A script that fails to load or a crash: whatever was asked is retried
  // on the page's thread, and no worker is tried again.
  worker.onerror = (e) => {
    e.preventDefault();
    broken = true;
    stop();
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(new WorkerUnavailable(`hash worker failed: ${e.message || "script error"}`));
    }
  };
  return worker;
}

function onReply(r: WorkerReply): void {
  const p = pending.get(r.id);
  if (!p) return;
  if ("loaded" in r) {
    p.progress?.(r.loaded);
    return;
  }
  settle(r.id);
  if ("sum" in r) p.resolve(r.sum);
  // The error's name survives, e.g. NotReadableError for a file changed
  // since it was picked.
  else p.reject(new DOMException(`hashing failed: ${r.error}`, r.name));
}

// settle forgets a request and ends the worker once it has been idle a
// while, so a page that hashed once does not keep a thread forever.
function settle(id: number): void {
  pending.delete(id);
  if (pending.size > 0) return;
  if (idle !== undefined) clearTimeout(idle);
  idle = setTimeout(stop, idleMs);
}

function stop(): void {
  if (idle !== undefined) clearTimeout(idle);
  idle = undefined;
  worker?.terminate();
  worker = undefined;
}
