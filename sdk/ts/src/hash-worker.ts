// The hashing worker's entry. The build bundles it (with hash-wasm) into
// one script that the SDK starts from a blob: URL, so the SDK works
// bundled into a single file; see hash-pool.ts.

import { digestByPlan } from "./sha256.js";

/**
 * A request from the page: hash a blob whole (`partSize` 0), or each of
 * its `partSize` parts; or cancel one.
 */
export type WorkerRequest =
  | { id: number; blob: Blob; chunk: number; inMemoryMax: number; partSize: number; progress: boolean }
  | { id: number; cancel: true };

/** An answer to the page: progress, the digest (parts' digests, concatenated), or an error. */
export type WorkerReply =
  | { id: number; loaded: number }
  | { id: number; sum: Uint8Array }
  | { id: number; error: string; name: string };

// The worker scope, typed by hand: the SDK compiles against the DOM lib.
interface Scope {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(m: WorkerReply, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as Scope;
const cancelled = new Set<number>();

scope.onmessage = (e) => {
  const req = e.data;
  if ("cancel" in req) {
    cancelled.add(req.id);
    return;
  }
  const { id } = req;
  const progress = req.progress ? (loaded: number) => scope.postMessage({ id, loaded }) : undefined;
  digestByPlan(req.blob, req, progress, () => cancelled.has(id)).then(
    (sum) => {
      const own = sum.slice(); // never transfer a view of the hasher's memory
      scope.postMessage({ id, sum: own }, [own.buffer]);
    },
    (err: unknown) =>
      scope.postMessage({ id, error: String((err as Error)?.message ?? err), name: (err as Error)?.name ?? "Error" }),
  ).finally(() => cancelled.delete(id));
};
