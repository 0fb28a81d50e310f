// Uploads a File or Blob through presigned, per-part checksummed PUTs
// straight to object storage, in parallel, resuming what is already stored.

import { Code, ConnectError } from "@connectrpc/connect";

import type { StreamGateClients } from "./types.js";
import { State } from "./gen/streamgate/upload/v1/upload_pb.js";
import type { Upload } from "./gen/streamgate/upload/v1/upload_pb.js";
import { sha256Hex, sha256Part } from "./hash.js";
import { checkPartSize, compositeSha256, hashParts, partSizeFor } from "./parts.js";
import type { PartDigests } from "./parts.js";
import { inLanes } from "./lanes.js";
import { Refused, put } from "./put.js";
import { defaultStore, identify, loadRecord, resumeKey, saveRecord } from "./resume.js";
import type { FileIdentity, ResumeRecord, UploadStore } from "./resume.js";
import { toBase64 } from "./sha256.js";

/**
 * Progress of an upload: sending it, after hashing the whole file first
 * only when that is needed to check that a resumed upload is this file's.
 */
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
  /**
   * Resume this upload id (e.g. saved on another device) instead of looking
   * in the store. The file is hashed first (unless `parts` or `sha256` is
   * given) to check that it is the one the upload was started for.
   */
  uploadId?: string;
  /** Called once the upload exists, with its id. */
  onCreate?: (uploadId: string) => void;
  /** PUT attempts per part; default 4. */
  attempts?: number;
  /**
   * A new upload's preferred part size, 5 MiB to 5 GiB; default 16 MiB
   * (`partSizeFor` grows it past 10000 parts). A resumed upload
   * keeps its own.
   */
  partSize?: number;
  /**
   * The file's part digests when already known, from {@link hashParts}:
   * a new upload then declares their composite when it is created, and
   * its parts are PUT with these digests (a file changed since is
   * refused, and the upload created for it aborted). Their part size wins
   * over `partSize`. Without them, each part is hashed as it is sent.
   */
  parts?: PartDigests;
  /**
   * The whole file's SHA-256 (lowercase hex), for callers that have it: a
   * new upload then declares it instead of its parts' digests, and the
   * server reads the file back to check it. Without it (or `parts`), a
   * new upload declares its parts' composite SHA-256 (`partsSha256`) when
   * it completes.
   */
  sha256?: string;
}

/**
 * Uploads `file` as the original of `videoId` and completes the upload.
 * A new upload reads and hashes each part as it sends it (one step ahead
 * of the PUTs), PUTs each part with its digest (which the object store
 * checks), and declares the parts' composite SHA-256 when it completes;
 * the server checks the composite against the digests the object store
 * checked, without hashing the file again. The file is read once, and
 * the first part goes out at once. If an earlier upload of the same file
 * (name, size, last-modified) was interrupted, its stored parts are kept
 * and only the rest is sent; completion checks the checksum it was
 * created with (`partsSha256`, or a whole-file `sha256`) when it
 * declared one.
 */
export async function upload(sg: StreamGateClients, videoId: string, file: Blob, opts: UploadOptions = {}): Promise<Upload> {
  const store = opts.store === null ? undefined : (opts.store ?? defaultStore());
  const id = identify(file);
  const key = resumeKey(videoId, id);
  if (opts.partSize !== undefined) checkPartSize(opts.partSize);
  if (opts.parts) checkPartSize(opts.parts.partSize);
  if (opts.parts && opts.parts.size !== file.size) {
    throw changed(`the file changed since its parts were hashed: it has ${file.size} bytes, they were hashed from ${opts.parts.size}`);
  }
  let opened = await resumable(sg, store, key, id, file, opts);
  if (opened?.up.state === State.COMPLETED) {
    if (store) saveRecord(store, key, undefined);
    return opened.up;
  }
  const created = !opened;
  opened ??= await create(sg, videoId, file, opts, (r) => store && saveRecord(store, key, { ...r, ...id }));
  const { up, digests } = opened;
  let sent: Uint8Array[];
  try {
    sent = await sendParts(sg, up, file, digests, opts);
  } catch (err) {
    // An upload declared for bytes the file no longer has cannot complete:
    // abort it, so that the video takes the file picked again.
    if (created && changedErrors.has(err as ConnectError)) {
      // Bounded: a server that does not answer leaves the upload to expire.
      await sg.uploads.abortUpload({ uploadId: up.id }, { signal: AbortSignal.timeout(10_000) }).catch(() => {});
      if (store) saveRecord(store, key, undefined);
    }
    throw err;
  }
  // An upload that declared no checksum declares it now, from the
  // digests its parts were PUT with.
  const partsSha256 = up.sha256 || up.partsSha256 ? "" : await compositeSha256(sent);
  const done = await sg.uploads.completeUpload({ uploadId: up.id, partsSha256 }, { signal: opts.signal });
  if (store) saveRecord(store, key, undefined);
  return must(done.upload);
}

// An upload to continue, with its parts' digests when they are known.
interface Opened {
  up: Upload;
  digests?: readonly Uint8Array[] | undefined;
}

// create creates the upload, declaring the checksum the caller gave (the
// parts' digests, or the whole file's SHA-256) or none (then completion
// does), and remembers it.
async function create(
  sg: StreamGateClients,
  videoId: string,
  file: Blob,
  opts: UploadOptions,
  remember: (r: Omit<ResumeRecord, keyof FileIdentity>) => void,
): Promise<Opened> {
  const sha256 = opts.sha256?.toLowerCase() ?? "";
  const parts = sha256 ? undefined : opts.parts;
  const contentType = (opts.contentType ?? file.type.split(";")[0]?.trim()) || "application/octet-stream";
  const res = await sg.uploads.createUpload(
    {
      videoId,
      sizeBytes: BigInt(file.size),
      sha256,
      partsSha256: sha256 ? "" : (parts?.partsSha256 ?? ""),
      partSize: BigInt(parts?.partSize ?? (sha256 && opts.partSize === undefined ? 0 : partSizeFor(file.size, opts.partSize))),
      contentType,
    },
    { signal: opts.signal },
  );
  const up = must(res.upload);
  remember({ uploadId: up.id, videoId, sha256: up.sha256, partsSha256: up.partsSha256, partSize: up.sha256 ? 0 : Number(up.partSize) });
  opts.onCreate?.(up.id);
  return { up, digests: parts?.digests };
}

// hashing hashes the file's parts, reporting the hashing phase.
function hashing(file: Blob, partSize: number | undefined, opts: UploadOptions): Promise<PartDigests> {
  return hashParts(file, { partSize, onProgress: hashed(file, opts), signal: opts.signal }).catch(unreadable);
}

// hashed reports bytes of file hashed as the upload's hashing phase.
function hashed(file: Blob, opts: UploadOptions): (loaded: number) => void {
  return (loaded) => opts.onProgress?.({ phase: "hashing", loaded, total: file.size });
}

// resumable returns the open (or completed) upload to continue, or
// undefined to start afresh. A remembered upload the server no longer has
// open, or has for other bytes, is forgotten.
async function resumable(
  sg: StreamGateClients,
  store: UploadStore | undefined,
  key: string,
  id: FileIdentity,
  file: Blob,
  opts: UploadOptions,
): Promise<Opened | undefined> {
  const rec = !opts.uploadId && store ? loadRecord(store, key, id) : undefined;
  const uploadId = opts.uploadId ?? rec?.uploadId;
  if (!uploadId) return undefined;
  let up: Upload | undefined;
  try {
    up = must((await sg.uploads.getUpload({ uploadId }, { signal: opts.signal })).upload);
  } catch (err) {
    const code = ConnectError.from(err).code;
    if (opts.uploadId || (code !== Code.NotFound && code !== Code.PermissionDenied)) throw err;
  }
  if (up && (up.state === State.OPEN || up.state === State.COMPLETED)) {
    const opened = await matching(up, rec, file, opts);
    if (opened) return opened;
  }
  if (opts.uploadId) {
    throw new ConnectError(`upload ${uploadId} cannot be resumed with this file`, Code.FailedPrecondition);
  }
  if (store) saveRecord(store, key, undefined);
  return undefined;
}

// matching returns up to continue with file, or undefined when file is
// not the one up was started for: another size, or another checksum than
// the one declared. A remembered upload of the same file (name, size,
// last-modified) is taken on trust, its parts hashed as they are sent
// (completion checks the rest); an upload named by id is checked against
// the digests or SHA-256 given, else against the file, hashed first. One
// that declared no checksum has none to check: its stored parts are kept
// where they have the file's digests, and completion declares the file's.
async function matching(up: Upload, rec: ResumeRecord | undefined, file: Blob, opts: UploadOptions): Promise<Opened | undefined> {
  if (up.sizeBytes !== BigInt(file.size)) return undefined;
  const partSize = Number(up.partSize);
  const given = opts.parts?.partSize === partSize ? opts.parts : undefined;
  if (!up.partsSha256 && !up.sha256) {
    if (rec && (rec.partsSha256 || rec.sha256 || rec.partSize !== partSize)) return undefined;
    return { up, digests: given?.digests };
  }
  if (up.partsSha256) {
    // A record without one: the upload declared it in a completion that
    // did not finish (parts were missing), and stays open for the rest.
    if (rec && ((rec.partsSha256 && rec.partsSha256 !== up.partsSha256) || rec.sha256 || rec.partSize !== partSize)) return undefined;
    if (rec && !given) return { up };
    const parts = given ?? (await hashing(file, partSize, opts));
    return parts.partsSha256 === up.partsSha256 ? { up, digests: parts.digests } : undefined;
  }
  // Started with the whole file's SHA-256 (by an earlier SDK, or a caller
  // that passed sha256).
  const sha256 = up.sha256.toLowerCase();
  if (rec && rec.sha256 !== sha256) return undefined;
  if (opts.sha256 !== undefined && opts.sha256.toLowerCase() !== sha256) return undefined;
  if (!rec && opts.sha256 === undefined) {
    if ((await sha256Hex(file, hashed(file, opts), opts.signal).catch(unreadable)) !== sha256) return undefined;
  }
  return { up, digests: given?.digests };
}

// sendParts PUTs every part that is not already stored with the same
// checksum, `parallel` at a time, reporting bytes as they reach storage,
// and returns every part's SHA-256. Each part is read (and, when its
// digest is not known, hashed) one step ahead of the PUTs, so reading the
// next part overlaps sending the current ones.
async function sendParts(
  sg: StreamGateClients,
  up: Upload,
  file: Blob,
  digests: readonly Uint8Array[] | undefined,
  opts: UploadOptions,
): Promise<Uint8Array[]> {
  const partSize = Number(up.partSize);
  if (!(partSize > 0)) throw new ConnectError("server gave no part size", Code.Internal);
  const known = digests?.length === up.partCount ? digests : undefined;
  const stored = new Map(up.parts.map((p) => [p.number, p.sha256]));
  const total = file.size;
  const inFlight = new Map<number, number>();
  let done = 0;
  const report = () => {
    let n = done;
    for (const v of inFlight.values()) n += v;
    opts.onProgress?.({ phase: "uploading", loaded: Math.min(n, total), total });
  };
  const sums: Uint8Array[] = [];
  const prepared = new Map<number, Promise<Part>>();
  const prepare = (n: number) => {
    if (n > up.partCount || prepared.has(n)) return;
    const p = readPart(file, n, partSize, known?.[n - 1], opts.signal);
    p.catch(() => {}); // awaited by the worker that takes part n
    prepared.set(n, p);
  };
  await inLanes(up.partCount, opts.parallel ?? 4, async (i) => {
    const n = i + 1;
    opts.signal?.throwIfAborted();
    prepare(n);
    prepare(n + 1); // the lookahead
    const { body, digest } = await prepared.get(n)!;
    const sum = toBase64(digest); // as S3's x-amz-checksum-sha256 wants it
    prepared.delete(n);
    sums[n - 1] = digest;
    if (stored.get(n) !== sum) {
      await putPart(sg, up.id, n, sum, body, opts, (loaded) => {
        inFlight.set(n, loaded);
        report();
      });
    }
    inFlight.delete(n);
    done += body.byteLength;
    report();
  });
  return sums;
}

interface Part {
  body: Uint8Array<ArrayBuffer>;
  /** Its SHA-256. */
  digest: Uint8Array;
}

// readPart reads part n, and hashes it unless its digest is known.
async function readPart(file: Blob, n: number, partSize: number, digest?: Uint8Array, signal?: AbortSignal): Promise<Part> {
  const off = (n - 1) * partSize;
  const slice = file.slice(off, Math.min(off + partSize, file.size));
  try {
    const body = new Uint8Array(await slice.arrayBuffer());
    return { body, digest: digest ?? (await sha256Part(slice, body, signal)) };
  } catch (err) {
    return unreadable(err);
  }
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
      // The object store hashed other bytes than the digest, which came
      // from an earlier read of the file: a retry cannot help.
      if (err instanceof Refused && err.status === 400 && /BadDigest/.test(err.message)) {
        throw changed(`the file changed since its parts were hashed: part ${number} differs (the object store refused its digest)`, err);
      }
      last = err;
      progress(0);
    }
  }
  throw new ConnectError(`upload part ${number}: ${String(last)}`, Code.Unavailable, undefined, undefined, last);
}

// Errors that mean the file is not the bytes hashed for the upload.
const changedErrors = new WeakSet<ConnectError>();

// changed makes the error for a file that is not the bytes hashed for it.
function changed(message: string, cause?: unknown): ConnectError {
  const err = new ConnectError(message, Code.FailedPrecondition, undefined, undefined, cause);
  changedErrors.add(err);
  return err;
}

// unreadable turns a browser's or Node's refusal to read a file changed
// on disk since it was picked (NotReadableError) into changed; other
// errors pass.
function unreadable(err: unknown): never {
  if ((err as Error | undefined)?.name === "NotReadableError") {
    throw changed("the file changed since it was picked: it can no longer be read", err);
  }
  throw err;
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
