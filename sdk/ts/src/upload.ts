// Uploads a File or Blob through presigned, per-part checksummed PUTs
// straight to object storage, in parallel, resuming what is already stored.

import { Code, ConnectError } from "@connectrpc/connect";

import type { StreamGateClients } from "./types.js";
import { State } from "./gen/streamgate/upload/v1/upload_pb.js";
import type { PresignedPart, Upload } from "./gen/streamgate/upload/v1/upload_pb.js";
import { sha256Hex, sha256PartBase64 } from "./hash.js";
import { defaultStore, identify, loadRecord, resumeKey, saveRecord } from "./resume.js";
import type { FileIdentity, UploadStore } from "./resume.js";

/** Progress of an upload: hashing the file first, then sending it. */
export interface UploadProgress {
  phase: "hashing" | "uploading";
  /** Bytes hashed, or bytes stored (including parts found already stored). */
  loaded: number;
  total: number;
}

/** Options for {@link upload}. */
export interface UploadOptions {
  /** The file's type; by default the Blob's `type`, else application/octet-stream. */
  contentType?: string;
  /** Parts in flight at once; default 4. */
  parallel?: number;
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
  /**
   * Where the upload id is kept for resume; default `localStorage` when
   * usable, else memory. `null` turns resume off.
   */
  store?: UploadStore | null;
  /** Resume this upload id (e.g. saved on another device) instead of looking in the store. */
  uploadId?: string;
  /** Called once the upload exists, with its id. */
  onCreate?: (uploadId: string) => void;
  /** PUT attempts per part; default 4. */
  attempts?: number;
  /**
   * The file's SHA-256 (lowercase hex) when already known, e.g. from
   * {@link sha256Hex} started as soon as the user picked the file: the
   * upload then starts without a hashing phase.
   */
  sha256?: string;
}

/**
 * Uploads `file` as the original of `videoId` and completes the upload;
 * the server then checks the whole-file SHA-256. If an earlier upload of
 * the same file (name, size, last-modified) was interrupted, its stored
 * parts are kept and only the rest is sent.
 */
export async function upload(sg: StreamGateClients, videoId: string, file: Blob, opts: UploadOptions = {}): Promise<Upload> {
  const store = opts.store === null ? undefined : (opts.store ?? defaultStore());
  const id = identify(file);
  const key = resumeKey(videoId, id);
  const total = file.size;
  const report = opts.onProgress;
  let up = await resumable(sg, store, key, id, opts);
  if (up?.state === State.COMPLETED) {
    if (store) saveRecord(store, key, undefined);
    return up;
  }
  if (!up) {
    const sha256 =
      opts.sha256?.toLowerCase() ??
      (await sha256Hex(file, (n) => report?.({ phase: "hashing", loaded: n, total }), opts.signal));
    const contentType = (opts.contentType ?? file.type.split(";")[0]?.trim()) || "application/octet-stream";
    const res = await sg.uploads.createUpload(
      { videoId, sizeBytes: BigInt(total), sha256, contentType },
      { signal: opts.signal },
    );
    up = must(res.upload);
    if (store) saveRecord(store, key, { uploadId: up.id, videoId, sha256, ...id });
    opts.onCreate?.(up.id);
  }
  await sendParts(sg, up, file, opts);
  const done = await sg.uploads.completeUpload({ uploadId: up.id }, { signal: opts.signal });
  if (store) saveRecord(store, key, undefined);
  return must(done.upload);
}

// resumable returns the open (or completed) upload to continue, or
// undefined to start afresh. A remembered upload the server no longer has
// open, or has for other bytes, is forgotten.
async function resumable(
  sg: StreamGateClients,
  store: UploadStore | undefined,
  key: string,
  id: FileIdentity,
  opts: UploadOptions,
): Promise<Upload | undefined> {
  const rec = !opts.uploadId && store ? loadRecord(store, key, id) : undefined;
  const uploadId = opts.uploadId ?? rec?.uploadId;
  if (!uploadId) return undefined;
  try {
    const up = must((await sg.uploads.getUpload({ uploadId }, { signal: opts.signal })).upload);
    const same = up.sizeBytes === BigInt(id.size) && (!rec || up.sha256.toLowerCase() === rec.sha256);
    if (same && (up.state === State.OPEN || up.state === State.COMPLETED)) return up;
  } catch (err) {
    const code = ConnectError.from(err).code;
    if (opts.uploadId || (code !== Code.NotFound && code !== Code.PermissionDenied)) throw err;
  }
  if (opts.uploadId) {
    throw new ConnectError(`upload ${uploadId} cannot be resumed with this file`, Code.FailedPrecondition);
  }
  if (store) saveRecord(store, key, undefined);
  return undefined;
}

// sendParts PUTs every part that is not already stored with the same
// checksum, `parallel` at a time, reporting bytes as they reach storage.
// Each part is read and hashed one step ahead of the PUTs, so hashing the
// next part overlaps sending the current ones.
async function sendParts(sg: StreamGateClients, up: Upload, file: Blob, opts: UploadOptions): Promise<void> {
  const partSize = Number(up.partSize);
  if (!(partSize > 0)) throw new ConnectError("server gave no part size", Code.Internal);
  const stored = new Map(up.parts.map((p) => [p.number, p.sha256]));
  const total = file.size;
  const inFlight = new Map<number, number>();
  let done = 0;
  const report = () => {
    let n = done;
    for (const v of inFlight.values()) n += v;
    opts.onProgress?.({ phase: "uploading", loaded: Math.min(n, total), total });
  };
  const prepared = new Map<number, Promise<Part>>();
  const prepare = (n: number) => {
    if (n > up.partCount || prepared.has(n)) return;
    const p = readPart(file, n, partSize, opts.signal);
    p.catch(() => {}); // awaited by the worker that takes part n
    prepared.set(n, p);
  };
  let next = 1;
  const worker = async () => {
    while (next <= up.partCount) {
      const n = next++;
      opts.signal?.throwIfAborted();
      prepare(n);
      prepare(next); // the lookahead
      const { body, sum } = await prepared.get(n)!;
      prepared.delete(n);
      if (stored.get(n) !== sum) {
        await putPart(sg, up.id, n, sum, body, opts, (loaded) => {
          inFlight.set(n, loaded);
          report();
        });
      }
      inFlight.delete(n);
      done += body.byteLength;
      report();
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(opts.parallel ?? 4, up.partCount)) }, worker);
  await Promise.all(workers);
}

interface Part {
  body: Uint8Array<ArrayBuffer>;
  /** Base64 SHA-256, as S3's x-amz-checksum-sha256 wants it. */
  sum: string;
}

async function readPart(file: Blob, n: number, partSize: number, signal?: AbortSignal): Promise<Part> {
  const off = (n - 1) * partSize;
  const slice = file.slice(off, Math.min(off + partSize, file.size));
  const body = new Uint8Array(await slice.arrayBuffer());
  return { body, sum: await sha256PartBase64(slice, body, signal) };
}

// putPart presigns one part and PUTs it, presigning afresh on each retry
// (the URL may have expired).
async function putPart(
  sg: StreamGateClients,
  uploadId: string,
  number: number,
  sha256: string,
  body: Uint8Array<ArrayBuffer>,
  opts: UploadOptions,
  progress: (loaded: number) => void,
): Promise<void> {
  const attempts = opts.attempts ?? 4;
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(i * i * 250, opts.signal);
    const res = await sg.uploads.presignParts({ uploadId, parts: [{ number, sha256 }] }, { signal: opts.signal });
    const part = res.parts.find((p) => p.number === number);
    if (!part) throw new ConnectError(`server did not presign part ${number}`, Code.Internal);
    try {
      await put(sg, part, body, opts.signal, progress);
      return;
    } catch (err) {
      opts.signal?.throwIfAborted();
      last = err;
      progress(0);
    }
  }
  throw new ConnectError(`upload part ${number}: ${String(last)}`, Code.Unavailable, undefined, undefined, last);
}

// Headers a browser refuses to set; the browser sends them itself.
const forbidden = new Set(["content-length", "host", "connection", "expect"]);

function put(
  sg: StreamGateClients,
  part: PresignedPart,
  body: Uint8Array<ArrayBuffer>,
  signal: AbortSignal | undefined,
  progress: (loaded: number) => void,
): Promise<void> {
  const headers = Object.entries(part.headers).filter(([k]) => !forbidden.has(k.toLowerCase()));
  // XMLHttpRequest reports upload progress; fetch does not.
  if (typeof XMLHttpRequest !== "undefined") return xhrPut(part.url, headers, body, signal, progress);
  return sg
    .fetch(part.url, { method: "PUT", headers, body, signal })
    .then(async (res) => {
      if (!res.ok) throw new Error(`object store answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      progress(body.byteLength);
    });
}

function xhrPut(
  url: string,
  headers: [string, string][],
  body: Uint8Array<ArrayBuffer>,
  signal: AbortSignal | undefined,
  progress: (loaded: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    signal?.addEventListener("abort", abort, { once: true });
    xhr.onloadend = () => signal?.removeEventListener("abort", abort);
    xhr.open("PUT", url);
    for (const [k, v] of headers) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => progress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(body.byteLength);
        resolve();
      } else reject(new Error(`object store answered ${xhr.status}: ${xhr.responseText.slice(0, 300)}`));
    };
    // A CORS refusal looks like this too: the bucket must allow the origin.
    xhr.onerror = () => reject(new Error("network error sending part (is CORS set on the bucket?)"));
    xhr.onabort = () => reject(signal?.reason ?? new Error("aborted"));
    xhr.send(body);
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });
}

function must<T>(v: T | undefined): T {
  if (v === undefined) throw new ConnectError("server sent an empty response", Code.Internal);
  return v;
}
