// Where an upload in progress is remembered, so that picking the same file
// again (after a reload, a crash, a lost connection) resumes it.

/** A `Storage`-shaped store; `localStorage` is one. */
export interface UploadStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What is kept for an upload in progress. */
export interface ResumeRecord {
  uploadId: string;
  videoId: string;
  name: string;
  size: number;
  lastModified: number;
  /** The whole file's SHA-256, lowercase hex. */
  sha256: string;
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
    if (
      typeof r.uploadId === "string" &&
      typeof r.sha256 === "string" &&
      /^[0-9a-f]{64}$/.test(r.sha256) &&
      r.size === id.size &&
      r.name === id.name &&
      r.lastModified === id.lastModified
    ) {
      return r as ResumeRecord;
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
