// <sg-captions video-id>: a video's caption and subtitle tracks in the
// studio: the list (ListTextTracks), a form to add one from a .vtt or .srt
// file (AddTextTrack; the server checks and converts it, and its message
// is shown when it refuses), and delete (DeleteTextTrack). A ready video's
// player offers a track as soon as it is added; nothing is transcoded.

import { LitElement, css, html, nothing } from "lit";
import { ConnectError, videov1 } from "@streamgate/sdk";

import { problem } from "./errors.js";
import type { Account } from "./session.js";
import { clock } from "./storyboard.js";
import { base } from "./styles.js";

const K = videov1.TextTrackKind;
const F = videov1.TextTrackFormat;

/** The server's limit on a track file (AddTextTrackRequest.content). */
const maxBytes = 1 << 20;

export class SgCaptions extends LitElement {
  static override properties = {
    videoId: { type: String, attribute: "video-id" },
    acct: { attribute: false },
    tracks: { state: true },
    error: { state: true },
    message: { state: true },
    busy: { state: true },
  };
  static override styles = [
    base,
    css`
      :host { display: block; }
      h3 { font-size: 1.05em; margin: 0.2em 0 0.4em; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: 0 0.8em; }
      input:not([type="checkbox"]), select { width: 100%; }
      ul.tracks { list-style: none; padding: 0; margin: 0.3em 0 0.8em; display: grid; gap: 0.4em; }
      ul.tracks li { display: flex; flex-wrap: wrap; gap: 0.3em 0.8em; align-items: center; justify-content: space-between;
        border: 1px solid var(--line); border-radius: 8px; padding: 0.3em 0.6em; background: var(--bg); }
      .flags label { display: inline-flex; gap: 0.3em; align-items: center; font-weight: 400; margin-right: 1em; }
      .badge { font-size: 0.8em; border: 1px solid var(--line); border-radius: 999px; padding: 0 0.5em; margin-left: 0.3em; }
    `,
  ];

  declare videoId: string;
  declare acct: Account;
  declare tracks?: videov1.TextTrack[];
  declare error: string;
  declare message: string;
  declare busy: boolean;
  private loading?: AbortController;

  constructor() {
    super();
    this.videoId = "";
    this.error = "";
    this.message = "";
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("videoId") || changed.has("acct")) void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loading?.abort();
  }

  private async load(): Promise<void> {
    this.loading?.abort();
    this.tracks = undefined;
    this.error = this.message = "";
    if (!this.videoId || !this.acct) return;
    const ctl = (this.loading = new AbortController());
    try {
      const res = await this.acct.sg.videos.listTextTracks({ videoId: this.videoId }, { signal: ctl.signal });
      if (!ctl.signal.aborted) this.tracks = res.tracks;
    } catch (err) {
      if (!ctl.signal.aborted) this.fail(err);
    }
  }

  private fail(err: unknown): void {
    const p = problem(err);
    if (p.kind === "expired") this.acct.expire();
    // The server's own words for what it refused (a bad tag, a cue that
    // ends before it starts, a file that is not UTF-8).
    this.error = p.kind === "invalid" || p.kind === "not-ready" || p.kind === "denied" ? ConnectError.from(err).rawMessage : p.message;
  }

  override render() {
    return html`<h3 id="cap-h">Captions and subtitles</h3>
      ${this.list()}
      <form @submit=${this.add} aria-labelledby="cap-h" novalidate>
        <label for="cap-file">Track file <span class="muted">(WebVTT .vtt or SubRip .srt, UTF-8, up to 1 MB)</span></label>
        <input id="cap-file" name="file" type="file" accept=".vtt,.srt,text/vtt,application/x-subrip" required>
        <div class="grid">
          <div><label for="cap-lang">Language tag</label>
            <input id="cap-lang" name="language" required maxlength="35" placeholder="en, pt-BR, zh-Hant" autocomplete="off"></div>
          <div><label for="cap-name">Name in the menu</label>
            <input id="cap-name" name="name" required maxlength="64" placeholder="English"></div>
          <div><label for="cap-kind">Kind</label>
            <select id="cap-kind" name="kind">
              <option value=${K.SUBTITLES}>Subtitles</option>
              <option value=${K.CAPTIONS}>Captions (SDH)</option>
            </select></div>
        </div>
        <p class="flags">
          <label><input type="checkbox" name="default"> Default (shown unless the viewer turns it off)</label>
          <label><input type="checkbox" name="forced"> Forced (signs and foreign dialogue)</label>
        </p>
        ${this.error ? html`<p class="error" role="alert" data-testid="caption-error">${this.error}</p>` : nothing}
        <p class="row"><button type="submit" ?disabled=${this.busy}>Add track</button>
          <span role="status" data-testid="caption-status">${this.message}</span></p>
        <p class="muted">A track of the same language and name replaces the one there; viewers see it at once.</p>
      </form>`;
  }

  private list() {
    if (!this.tracks) return html`<p class="muted" role="status">${this.error ? "" : "Loading tracks…"}</p>`;
    if (!this.tracks.length) return html`<p class="muted" data-testid="no-tracks">No tracks yet.</p>`;
    return html`<ul class="tracks" aria-label="Text tracks" data-testid="tracks">
      ${this.tracks.map((t) => html`<li data-track=${t.id}>
        <span><strong>${t.name}</strong> <code>${t.language}</code>
          <span class="badge">${t.kind === K.CAPTIONS ? "captions" : "subtitles"}</span>
          ${t.isDefault ? html`<span class="badge">default</span>` : nothing}
          ${t.forced ? html`<span class="badge">forced</span>` : nothing}
          <span class="muted">· ${t.cueCount} cue${t.cueCount === 1 ? "" : "s"}${t.duration ? ` · to ${clock(Number(t.duration.seconds))}` : ""}</span></span>
        <button class="secondary" aria-label="Delete track ${t.name} (${t.language})" @click=${() => this.deleteTrack(t)} ?disabled=${this.busy}>Delete</button>
      </li>`)}
    </ul>`;
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const file = d.get("file");
    this.message = "";
    if (!(file instanceof File) || !file.name) return void (this.error = "Choose a .vtt or .srt file.");
    if (file.size > maxBytes) return void (this.error = `The file is ${(file.size / (1 << 20)).toFixed(1)} MB; a track may be at most 1 MB.`);
    const lower = file.name.toLowerCase();
    const format = lower.endsWith(".srt") ? F.SRT : lower.endsWith(".vtt") ? F.WEBVTT : F.UNSPECIFIED;
    this.busy = true;
    try {
      const res = await this.acct.sg.videos.addTextTrack({
        videoId: this.videoId,
        language: String(d.get("language")).trim(),
        name: String(d.get("name")).trim(),
        kind: Number(d.get("kind")) as videov1.TextTrackKind,
        isDefault: d.get("default") === "on",
        forced: d.get("forced") === "on",
        format,
        content: new Uint8Array(await file.arrayBuffer()),
      });
      const t = res.track!;
      this.error = "";
      this.message = `${res.replaced ? "Replaced" : "Added"} “${t.name}”: ${t.cueCount} cue${t.cueCount === 1 ? "" : "s"}.`;
      form.reset();
      await this.refresh();
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  private async deleteTrack(t: videov1.TextTrack): Promise<void> {
    this.busy = true;
    try {
      await this.acct.sg.videos.deleteTextTrack({ videoId: this.videoId, trackId: t.id });
      this.error = "";
      this.message = `Deleted “${t.name}”.`;
      await this.refresh();
    } catch (err) {
      this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  private async refresh(): Promise<void> {
    const res = await this.acct.sg.videos.listTextTracks({ videoId: this.videoId });
    this.tracks = res.tracks;
  }
}

if (!customElements.get("sg-captions")) customElements.define("sg-captions", SgCaptions);
