// Where an upload in progress is remembered, so that picking the same file
// again (after a reload, a crash, a lost connection) resumes it.

/** A `Storage`-shaped store; `localStorage` is one. */
export interface UploadStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * What is kept for an upload in progress: the file's identity and the
 * checksum the upload declared, at most one of `partsSha256` (with
 * `partSize`) and `sha256`, as in the server's `Upload`; neither (with
 * `partSize`) when it declares its checksum at completion.
 */
export interface ResumeRecord {
  uploadId: string;
  videoId: string;
  name: string;
  size: number;
  lastModified: number;
  /** The whole file's SHA-256, lowercase hex; empty when the upload declared `partsSha256`. */
  sha256: string;
  /**
   * The parts' composite SHA-256, lowercase hex; empty when the upload
   * declared `sha256` (records written before there was one have none).
   */
  partsSha256: string;
  /** The upload's part size; 0 with `sha256`. */
  partSize: number;
}

/** An in-memory store: resumes within one page or process only. */
export class MemoryStore implements UploadStore {
  private readonly m = new Map<string, string>();
  getItem(key: string): string | null {
    return this.m.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.m.set(key, value);
  }
  removeItem(key: string): void {
    this.m.delete(key);
  }
}

const shared = new MemoryStore();

/** Returns `localStorage` when the environment has a usable one, else a memory store. */
export function defaultStore(): UploadStore {
  try {
    const ls = (globalThis as { localStorage?: UploadStore }).localStorage;
    if (ls) {
      const probe = "streamgate:probe";
      ls.setItem(probe, "1");
      ls.removeItem(probe);
      return ls;
    }
  } catch {
    // Storage disabled (private mode, sandboxed frame): fall through.
  }
  return shared;
}

/** The facts that identify "the same file" without reading it. */
export interface FileIdentity {
  name: string;
  size: number;
  lastModified: number;
}

/** Describes a Blob or File for resume matching. */
export function identify(blob: Blob): FileIdentity {
  const f = blob as Partial<File>;
  return { name: f.name ?? "", size: blob.size, lastModified: f.lastModified ?? 0 };
}

/** The store key for a file of a video. */
export function resumeKey(videoId: string, id: FileIdentity): string {
  return `streamgate:upload:${videoId}:${id.size}:${id.lastModified}:${id.name}`;
}

/** Reads a record, ignoring anything malformed or for another file. */
export function loadRecord(store: UploadStore, key: string, id: FileIdentity): ResumeRecord | undefined {
  let raw: string | null;
  try {
    raw = store.getItem(key);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  try {
    const r = JSON.parse(raw) as Partial<ResumeRecord>;
    const rec = { ...r, sha256: r.sha256 ?? "", partsSha256: r.partsSha256 ?? "", partSize: r.partSize ?? 0 };
    const hex = /^[0-9a-f]{64}$/;
    const parted = Number.isSafeInteger(rec.partSize) && rec.partSize > 0;
    const checksum = rec.partsSha256
      ? hex.test(rec.partsSha256) && rec.sha256 === "" && parted
      : rec.sha256
        ? hex.test(rec.sha256)
        : parted; // declared at completion
    if (
      typeof rec.uploadId === "string" &&
      checksum &&
      rec.size === id.size &&
      rec.name === id.name &&
      rec.lastModified === id.lastModified
    ) {
      return rec as ResumeRecord;
    }
  } catch {
    // A corrupt entry is as good as none.
  }
  return undefined;
}

/** Writes or deletes a record; a full or disabled store only loses resume. */
export function saveRecord(store: UploadStore, key: string, r: ResumeRecord | undefined): void {
  try {
    if (r) store.setItem(key, JSON.stringify(r));
    else store.removeItem(key);
  } catch {
    // Quota exceeded or storage disabled: the upload itself still works.
  }
}
