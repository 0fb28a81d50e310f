// /studio: a signed-in creator's videos with live status, create, upload
// (resumable across reloads), edit, delete, the gate's rule builder,
// "test a wallet", captions and subtitles, and the links to share.

import { LitElement, css, html, nothing } from "lit";
import { Code, ConnectError, defaultPartSize, minPartSize, videov1 } from "@streamgate/sdk";
import type { UploadProgress } from "@streamgate/sdk";

import { problem } from "./errors.js";
import "./captions.js";
import "./rule-builder.js";
import { account } from "./session.js";
import type { Account } from "./session.js";
import { base } from "./styles.js";
import "./wallet.js";

const S = videov1.Status;
const V = videov1.Visibility;

const statusWords: Record<number, string> = {
  [S.WAITING_UPLOAD]: "waiting for upload",
  [S.UPLOADED]: "uploaded, queued",
  [S.PROCESSING]: "processing",
  [S.READY]: "ready",
  [S.FAILED]: "failed",
};

const visibilityWords: [videov1.Visibility, string][] = [
  [V.PUBLIC, "Public: listed on the home page"],
  [V.UNLISTED, "Unlisted: anyone with the link"],
  [V.PRIVATE, "Private: only you"],
];

/** What an upload in progress looks like on screen. */
interface Transfer {
  name: string;
  phase: UploadProgress["phase"] | "done";
  loaded: number;
  total: number;
  /** Bytes per second over the last few seconds. */
  speed: number;
  samples: [number, number][];
  error?: string;
  resumedFrom?: number;
}

export class SgStudio extends LitElement {
  static override properties = {
    videos: { state: true },
    selected: { state: true },
    error: { state: true },
    transfers: { state: true },
    confirming: { state: true },
    saved: { state: true },
  };
  static override styles = [
    base,
    css`
      :host { display: block; }
      .layout { display: grid; grid-template-columns: minmax(14em, 1fr) 2fr; gap: 1em; align-items: start; }
      @media (max-width: 720px) { .layout { grid-template-columns: 1fr; } }
      ul.videos { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.5em; }
      ul.videos button { width: 100%; text-align: left; display: block; background: var(--panel); color: var(--fg); border-color: var(--line); }
      ul.videos button[aria-current="true"] { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent) inset; }
      .status { font-size: 0.85em; }
      section { margin-bottom: 1em; }
      h2 { font-size: 1.2em; margin: 0.2em 0 0.5em; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
      .drop { border: 2px dashed var(--line); border-radius: 10px; padding: 1.2em; text-align: center; }
      .drop.over { border-color: var(--accent); background: #eef; }
      textarea { width: 100%; }
      input[type="text"], input:not([type]) { width: 100%; }
      .share textarea { font-family: ui-monospace, monospace; font-size: 0.85em; }
    `,
  ];

  declare videos?: videov1.Video[];
  declare selected?: string;
  declare error: string;
  declare transfers: Record<string, Transfer>;
  declare confirming: boolean;
  declare saved: string;

  private readonly acct: Account = account(location.origin);
  private watching = new Map<string, AbortController>();
  private readonly onAccount = () => {
    this.requestUpdate();
    void this.load();
  };

  constructor() {
    super();
    this.error = "";
    this.transfers = {};
    this.confirming = false;
    this.saved = "";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.acct.addEventListener("change", this.onAccount);
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.acct.removeEventListener("change", this.onAccount);
    for (const c of this.watching.values()) c.abort();
  }

  private async load(): Promise<void> {
    for (const c of this.watching.values()) c.abort();
    this.watching.clear();
    if (!this.acct.address) return void (this.videos = undefined);
    try {
      const res = await this.acct.sg.videos.listVideos({ ownerAddress: this.acct.address, pageSize: 100 });
      this.videos = res.videos;
      for (const v of res.videos) this.follow(v);
      this.selected ??= res.videos[0]?.id;
    } catch (err) {
      this.fail(err);
    }
  }

  private fail(err: unknown): void {
    const p = problem(err);
    if (p.kind === "expired") this.acct.expire();
    this.error = p.message;
  }

  // follow keeps a video's row live until it is ready or failed.
  private follow(v: videov1.Video): void {
    if (v.status === S.READY || v.status === S.FAILED || this.watching.has(v.id)) return;
    const ctl = new AbortController();
    this.watching.set(v.id, ctl);
    void (async () => {
      try {
        for await (const next of this.acct.sg.watchVideo(v.id, ctl.signal)) {
          this.replace(next);
          if (next.status === S.READY || next.status === S.FAILED) break;
        }
      } catch {
        // The list still shows the last state; a reload follows again.
      } finally {
        if (this.watching.get(v.id) === ctl) this.watching.delete(v.id);
      }
    })();
  }

  private replace(v: videov1.Video): void {
    this.videos = (this.videos ?? []).map((x) => (x.id === v.id ? v : x));
  }

  private get current(): videov1.Video | undefined {
    return this.videos?.find((v) => v.id === this.selected);
  }

  override render() {
    if (!this.acct.address) {
      return html`<h1>Studio</h1><p>Sign in with the wallet that owns your videos.</p><sg-wallet server=${location.origin}></sg-wallet>`;
    }
    const v = this.current;
    return html`<h1>Studio</h1>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="layout">
        <div>
          ${this.createForm()}
          <h2 id="yours">Your videos</h2>
          ${this.videos?.length === 0 ? html`<p class="muted">None yet: create one above.</p>` : nothing}
          <ul class="videos" aria-labelledby="yours">
            ${(this.videos ?? []).map((x) => html`<li>
              <button aria-current=${x.id === this.selected ? "true" : "false"} data-video=${x.id} @click=${() => this.select(x.id)}>
                <strong>${x.title}</strong><br>
                <span class="status" data-testid="status">${statusWords[x.status] ?? "unknown"}${x.status === S.PROCESSING ? ` ${Math.round(x.progress * 100)}%` : ""}</span>
                ${x.status === S.PROCESSING ? html`<progress max="100" value=${Math.round(x.progress * 100)} aria-label="Processing"></progress>` : nothing}
              </button></li>`)}
          </ul>
        </div>
        <div>${v ? this.detail(v) : nothing}</div>
      </div>`;
  }

  private select(id: string): void {
    this.selected = id;
    this.confirming = false;
    this.saved = "";
  }

  private createForm() {
    return html`<form class="panel" @submit=${this.create} aria-labelledby="new">
      <h2 id="new">New video</h2>
      <label for="new-title">Title</label><input id="new-title" name="title" required maxlength="200">
      <label for="new-vis">Visibility</label>
      <select id="new-vis" name="visibility">${visibilityWords.map(([v, w]) => html`<option value=${v}>${w}</option>`)}</select>
      <p><button type="submit">Create</button></p>
    </form>`;
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      const res = await this.acct.sg.videos.createVideo({
        title: String(data.get("title")),
        visibility: Number(data.get("visibility")) as videov1.Visibility,
      });
      const v = res.video!;
      this.videos = [v, ...(this.videos ?? [])];
      this.select(v.id);
      form.reset();
      this.error = "";
    } catch (err) {
      this.fail(err);
    }
  }

  private detail(v: videov1.Video) {
    return html`<section class="panel" aria-labelledby="d-title">
        <h2 id="d-title">${v.title}</h2>
        <p class="status">Status: <strong data-testid="detail-status">${statusWords[v.status]}</strong>
          ${v.status === S.FAILED ? html` — <span class="error">${v.failureReason}</span>` : nothing}</p>
        ${v.status === S.WAITING_UPLOAD || this.transfers[v.id] ? this.uploader(v) : nothing}
      </section>
      <section class="panel">${this.editForm(v)}</section>
      <section class="panel"><sg-rule-builder video-id=${v.id} .acct=${this.acct}></sg-rule-builder></section>
      <section class="panel"><sg-captions video-id=${v.id} .acct=${this.acct}></sg-captions></section>
      <section class="panel share">${this.share(v)}</section>
      <section class="panel">${this.deleter(v)}</section>`;
  }

  // uploader: drag and drop or pick; an interrupted upload of the same
  // file resumes, only the parts not yet stored are sent.
  private uploader(v: videov1.Video) {
    const t = this.transfers[v.id];
    const pending = interrupted(v.id);
    const pct = t && t.total ? (100 * t.loaded) / t.total : 0;
    return html`<h3>Upload</h3>
      ${!t && pending ? html`<p role="status" data-testid="resume-hint">An upload of <strong>${pending.name}</strong> was interrupted.
          Pick the same file again to resume: the parts already stored are not sent again.</p>` : nothing}
      ${!t || t.error ? html`<div class="drop" @dragover=${this.dragOver} @dragleave=${this.dragLeave} @drop=${(e: DragEvent) => this.drop(e, v.id)}>
          <p>Drop a video file here, or</p>
          <label for="file" class="sr-only">Choose a video file</label>
          <input id="file" type="file" accept="video/*" @change=${(e: Event) => this.picked(e, v.id)}>
        </div>` : nothing}
      ${t ? html`<div data-testid="upload">
          <p>${t.phase === "hashing" ? "Checking the file (SHA-256)…" : t.phase === "done" ? "Uploaded: processing starts now." : `Uploading ${t.name}`}
            ${t.resumedFrom ? html`<span data-testid="resumed"> — resumed, ${mb(t.resumedFrom)} were already stored</span>` : nothing}</p>
          <progress max="100" value=${pct.toFixed(1)} aria-label="Upload progress" data-testid="upload-progress"></progress>
          <p class="muted" aria-live="polite">${mb(t.loaded)} of ${mb(t.total)} (${pct.toFixed(0)}%)
            ${t.phase === "uploading" && t.speed > 0 ? ` · ${mb(t.speed)}/s · ${eta((t.total - t.loaded) / t.speed)} left` : ""}</p>
          ${t.error ? html`<p class="error" role="alert">${t.error}</p>` : nothing}
        </div>` : nothing}`;
  }

  private dragOver(e: DragEvent): void {
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.add("over");
  }

  private dragLeave(e: DragEvent): void {
    (e.currentTarget as HTMLElement).classList.remove("over");
  }

  private drop(e: DragEvent, id: string): void {
    e.preventDefault();
    (e.currentTarget as HTMLElement).classList.remove("over");
    const f = e.dataTransfer?.files[0];
    if (f) void this.upload(id, f);
  }

  private picked(e: Event, id: string): void {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void this.upload(id, f);
  }

  private async upload(id: string, file: File): Promise<void> {
    // The SDK hashes each part as it sends it: "hashing" comes only when a
    // resumed upload must be compared with the file first.
    const t: Transfer = { name: file.name, phase: "uploading", loaded: 0, total: file.size, speed: 0, samples: [] };
    const set = (patch: Partial<Transfer>) => {
      Object.assign(t, patch);
      this.transfers = { ...this.transfers, [id]: { ...t } };
    };
    set({});
    try {
      const stored = await this.storedBytes(id, file);
      if (stored > 0) set({ resumedFrom: stored });
      await this.acct.sg.upload(id, file, {
        partSize: studioPartSize(file.size),
        onProgress: (p) => {
          const now = performance.now();
          if (p.phase === "uploading" && t.phase !== "uploading") t.samples = [];
          t.samples.push([now, p.loaded]);
          while (t.samples.length > 2 && now - t.samples[0]![0] > 3000) t.samples.shift();
          const [t0, b0] = t.samples[0]!;
          const speed = now > t0 ? ((p.loaded - b0) * 1000) / (now - t0) : 0;
          set({ phase: p.phase, loaded: p.loaded, total: p.total, speed });
        },
      });
      set({ phase: "done", loaded: file.size });
      const v = (await this.acct.sg.videos.getVideo({ id })).video!;
      this.replace(v);
      this.follow(v);
    } catch (err) {
      const p = problem(err);
      const e = ConnectError.from(err);
      const why = p.kind === "expired" ? p.message : e.rawMessage;
      // failed_precondition: picking the file again is the way on (say it
      // changed since it was hashed: its upload was aborted), but this is
      // no interrupted transfer to resume.
      const next =
        e.code === Code.FailedPrecondition ? "Pick the file again." : "Pick the same file again to resume: stored parts are kept.";
      set({ error: `The upload stopped (${why}). ${next}` });
    }
  }

  // storedBytes is how much of an interrupted upload of this very file the
  // object store already holds (the SDK will not send it again).
  private async storedBytes(videoId: string, file: File): Promise<number> {
    const rec = interrupted(videoId);
    if (!rec || rec.name !== file.name || rec.size !== file.size) return 0;
    try {
      const up = (await this.acct.sg.uploads.getUpload({ uploadId: rec.uploadId })).upload;
      return (up?.parts ?? []).reduce((n, p) => n + Number(p.sizeBytes), 0);
    } catch {
      return 0; // The SDK decides for itself whether it can resume.
    }
  }

  private editForm(v: videov1.Video) {
    return html`<form @submit=${(e: SubmitEvent) => this.save(e, v)} aria-labelledby="edit">
      <h3 id="edit">Details</h3>
      <label for="e-title">Title</label><input id="e-title" name="title" .value=${v.title} required maxlength="200">
      <label for="e-desc">Description</label><textarea id="e-desc" name="description" rows="3" maxlength="5000" .value=${v.description}></textarea>
      <label for="e-tags">Tags <span class="muted">(comma-separated)</span></label><input id="e-tags" name="tags" .value=${v.tags.join(", ")}>
      <label for="e-vis">Visibility</label>
      <select id="e-vis" name="visibility">${visibilityWords.map(([x, w]) => html`<option value=${x} ?selected=${x === v.visibility}>${w}</option>`)}</select>
      <p class="row"><button type="submit">Save details</button><span role="status">${this.saved}</span></p>
    </form>`;
  }

  private async save(e: SubmitEvent, v: videov1.Video): Promise<void> {
    e.preventDefault();
    const d = new FormData(e.target as HTMLFormElement);
    const tags = String(d.get("tags")).split(",").map((s) => s.trim()).filter(Boolean);
    try {
      const res = await this.acct.sg.videos.updateVideo({
        id: v.id,
        title: String(d.get("title")),
        description: String(d.get("description")),
        tags,
        visibility: Number(d.get("visibility")) as videov1.Visibility,
        updateMask: { paths: ["title", "description", "tags", "visibility"] },
      });
      this.replace(res.video!);
      this.saved = "Saved.";
      this.error = "";
    } catch (err) {
      this.saved = "";
      this.fail(err);
    }
  }

  private share(v: videov1.Video) {
    const watch = `${location.origin}/v/${v.id}`;
    const element = `<script src="${location.origin}/embed/player.js"></script>\n<streamgate-player server="${location.origin}" video-id="${v.id}"></streamgate-player>`;
    const iframe = `<iframe src="${location.origin}/embed/${v.id}" width="640" height="400" allow="fullscreen" style="border:0"></iframe>`;
    const copy = (s: string) => navigator.clipboard?.writeText(s).then(() => (this.saved = "Copied."), () => {});
    return html`<h3>Share</h3>
      <label for="s-link">Watch link</label>
      <div class="row"><input id="s-link" readonly .value=${watch}><button class="secondary" @click=${() => copy(watch)}>Copy link</button><a href=${watch}>Open</a></div>
      <label for="s-embed">Embed on another site</label>
      <textarea id="s-embed" readonly rows="3" .value=${element}></textarea>
      <button class="secondary" @click=${() => copy(element)}>Copy embed snippet</button>
      <label for="s-iframe">Or as an iframe</label>
      <textarea id="s-iframe" readonly rows="2" .value=${iframe}></textarea>
      <button class="secondary" @click=${() => copy(iframe)}>Copy iframe</button>`;
  }

  private deleter(v: videov1.Video) {
    if (!this.confirming) {
      return html`<button class="danger" @click=${() => (this.confirming = true)}>Delete video…</button>`;
    }
    return html`<div role="alertdialog" aria-labelledby="del-q">
      <p id="del-q"><strong>Delete “${v.title}”?</strong> Its files and rule are removed; links to it stop working. This cannot be undone.</p>
      <div class="row"><button class="danger" @click=${() => this.deleteVideo(v)}>Yes, delete</button>
      <button class="secondary" @click=${() => (this.confirming = false)}>Cancel</button></div></div>`;
  }

  private async deleteVideo(v: videov1.Video): Promise<void> {
    try {
      await this.acct.sg.videos.deleteVideo({ id: v.id });
      this.watching.get(v.id)?.abort();
      this.videos = (this.videos ?? []).filter((x) => x.id !== v.id);
      this.select(this.videos[0]?.id ?? "");
    } catch (err) {
      this.fail(err);
    }
  }
}

// interrupted finds the SDK's resume record of an upload to this video.
function interrupted(videoId: string): { name: string; size: number; uploadId: string } | undefined {
  try {
    const prefix = `streamgate:upload:${videoId}:`;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(prefix)) return JSON.parse(localStorage.getItem(k)!) as { name: string; size: number; uploadId: string };
    }
  } catch {
    // No storage, no resume hint.
  }
  return undefined;
}

// studioPartSize picks a new upload's part size: from the object store's
// smallest (5 MiB) to the SDK's default (16 MiB), small enough that a file
// under 64 MiB still has four parts to send side by side (and to resume
// from).
function studioPartSize(size: number): number {
  const mib = 1 << 20;
  return Math.min(defaultPartSize, Math.max(minPartSize, Math.ceil(size / 4 / mib) * mib));
}

function mb(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} KB`;
}

function eta(seconds: number): string {
  if (!isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

customElements.define("sg-studio", SgStudio);
