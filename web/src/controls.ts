// <sg-controls>: the player's control bar under the video: play/pause, a
// seek bar that previews the storyboard tile of the time under the
// pointer, finger or keyboard, the time, sound, a menu of subtitle and
// caption tracks, and full screen (of the player, so the bar stays).

import { LitElement, css, html, nothing, svg } from "lit";

import { base } from "./styles.js";
import { clock, tileAt } from "./storyboard.js";
import type { Storyboard } from "./storyboard.js";

/** Where the preview is: the time, and the fraction of the bar. */
interface Hover {
  t: number;
  at: number;
}

const textKinds = new Set(["subtitles", "captions"]);

export class SgControls extends LitElement {
  static override properties = {
    media: { attribute: false },
    storyboard: { attribute: false },
    sheetBase: { attribute: false },
    screen: { attribute: false },
    time: { state: true },
    duration: { state: true },
    paused: { state: true },
    muted: { state: true },
    hover: { state: true },
    tracks: { state: true },
    menu: { state: true },
    full: { state: true },
  };

  static override styles = [
    base,
    css`
      :host { display: block; background: #181820; color: #eee; }
      .bar { display: flex; align-items: center; gap: 0.4em; padding: 0.2em 0.5em; }
      button { background: transparent; border-color: transparent; color: #eee; min-width: 2.6em; min-height: 2.6em; justify-content: center; padding: 0.2em 0.5em; }
      button:hover { background: #2c2c38; }
      button[aria-pressed="true"] { color: #fff; border-color: #8c8cf0; }
      .seek { position: relative; flex: 1; display: flex; align-items: center; min-width: 6em; }
      .seek input { width: 100%; margin: 0; height: 2.6em; accent-color: #8c8cf0; cursor: pointer; background: transparent; border: 0; padding: 0; }
      .time { font-variant-numeric: tabular-nums; white-space: nowrap; font-size: 0.9em; }
      .preview {
        position: absolute; bottom: calc(100% + 4px); transform: translateX(-50%); pointer-events: none;
        background: #000; border: 2px solid #eee; border-radius: 4px; box-shadow: 0 2px 10px #0008; z-index: 2;
      }
      .preview[hidden] { display: block; visibility: hidden; }
      .preview .tile { background-repeat: no-repeat; }
      .preview .at { text-align: center; font-size: 0.85em; padding: 0.1em 0; font-variant-numeric: tabular-nums; }
      .cc { position: relative; }
      [role="menu"] {
        position: absolute; bottom: calc(100% + 4px); right: 0; z-index: 3; min-width: 12em; margin: 0; padding: 0.3em 0;
        list-style: none; background: #22222c; border: 1px solid #444; border-radius: 8px;
      }
      [role="menu"] button { width: 100%; justify-content: flex-start; border-radius: 0; }
      [role="menuitemradio"][aria-checked="true"]::before { content: "✓"; width: 1.2em; }
      [role="menuitemradio"][aria-checked="false"]::before { content: ""; width: 1.2em; }
      @media (max-width: 480px) { .vol { display: none; } }
    `,
  ];

  declare media?: HTMLVideoElement;
  declare storyboard?: Storyboard;
  /** The current /play/{token}/ prefix: it changes with every renewal. */
  declare sheetBase?: () => string;
  /** What full screen shows: the player, with this bar. */
  declare screen?: HTMLElement;
  declare time: number;
  declare duration: number;
  declare paused: boolean;
  declare muted: boolean;
  declare hover?: Hover;
  declare tracks: TextTrack[];
  declare menu: boolean;
  declare full: boolean;

  private dragging = false;
  private detach?: () => void;

  constructor() {
    super();
    this.time = 0;
    this.duration = 0;
    this.paused = true;
    this.muted = false;
    this.tracks = [];
    this.menu = false;
    this.full = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.detach?.();
    this.detach = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.media && !this.detach) this.attach(this.media);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("media")) {
      this.detach?.();
      this.detach = undefined;
      if (this.media) this.attach(this.media);
    }
  }

  // attach follows the media element's state and its text tracks.
  private attach(m: HTMLVideoElement): void {
    const sync = () => {
      if (!this.dragging) this.time = m.currentTime;
      this.duration = lengthOf(m, this.storyboard);
      this.paused = m.paused;
      this.muted = m.muted || m.volume === 0;
    };
    const tracks = () => (this.tracks = [...m.textTracks].filter((t) => textKinds.has(t.kind)));
    const onFull = () => (this.full = document.fullscreenElement === this.screen);
    const media = ["timeupdate", "durationchange", "loadedmetadata", "play", "pause", "volumechange", "seeked", "progress"];
    for (const e of media) m.addEventListener(e, sync);
    const tt = ["addtrack", "removetrack", "change"];
    for (const e of tt) m.textTracks.addEventListener(e, tracks);
    document.addEventListener("fullscreenchange", onFull);
    sync();
    tracks();
    this.detach = () => {
      for (const e of media) m.removeEventListener(e, sync);
      for (const e of tt) m.textTracks.removeEventListener(e, tracks);
      document.removeEventListener("fullscreenchange", onFull);
    };
  }

  override render() {
    const d = this.duration;
    const valuetext = `${clock(this.time)} of ${clock(d)}`;
    return html`<div class="bar">
      <button data-testid="play" aria-label=${this.paused ? "Play" : "Pause"} @click=${this.togglePlay}>${icon(this.paused ? icons.play : icons.pause)}</button>
      <div class="seek">
        ${this.preview()}
        <input type="range" aria-label="Seek" data-testid="seek" min="0" max=${d || 0} step="any" .value=${String(this.time)}
          aria-valuetext=${valuetext} ?disabled=${!d}
          @input=${this.onInput} @change=${this.onChange} @keydown=${this.onKey} @blur=${this.unhover}
          @pointermove=${this.onPointer} @pointerdown=${this.onPointerDown} @pointerleave=${this.onLeave}>
      </div>
      <span class="time" aria-hidden="true">${clock(this.time)} / ${clock(d)}</span>
      <button class="vol" aria-label=${this.muted ? "Unmute" : "Mute"} aria-pressed=${this.muted ? "true" : "false"} @click=${this.toggleMute}>${icon(this.muted ? icons.muted : icons.sound)}</button>
      ${this.captions()}
      <button aria-label=${this.full ? "Exit full screen" : "Full screen"} @click=${this.toggleFull}>${icon(this.full ? icons.exitFull : icons.full)}</button>
    </div>`;
  }

  // preview is the tile over the bar; always in the DOM when there is a
  // storyboard (hidden, absolutely placed: nothing moves when it shows).
  private preview() {
    if (!this.storyboard || !this.sheetBase) return nothing;
    const h = this.hover;
    return html`<div class="preview" data-testid="seek-preview" ?hidden=${!h} aria-hidden="true">
      <div class="tile" data-testid="seek-tile"></div>
      <div class="at" data-testid="seek-time">${clock(h?.t ?? 0)}</div>
    </div>`;
  }

  // The preview is placed through the CSSOM, which the pages' CSP allows
  // (style attributes, as lit's styleMap writes at first, it does not).
  override updated(): void {
    const sb = this.storyboard;
    const box = this.renderRoot.querySelector<HTMLElement>(".preview");
    const el = this.renderRoot.querySelector<HTMLElement>(".tile");
    if (!sb || !box || !el || !this.sheetBase) return;
    const h = this.hover;
    const tile = tileAt(sb, h?.t ?? 0);
    const w = this.renderRoot.querySelector<HTMLElement>(".seek")?.clientWidth ?? 0;
    // Keep the tile over the bar: its centre at the time, clamped.
    const half = tile.width / 2 + 2;
    const left = w > tile.width + 4 ? Math.min(Math.max((h?.at ?? 0) * w, half), w - half) : w / 2;
    box.style.left = `${left}px`;
    el.style.width = `${tile.width}px`;
    el.style.height = `${tile.height}px`;
    el.style.backgroundImage = h ? `url("${this.sheetBase() + tile.url}")` : "none";
    el.style.backgroundPosition = `${-tile.x}px ${-tile.y}px`;
  }

  private fraction(e: PointerEvent): number {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return r.width ? Math.min(Math.max((e.clientX - r.left) / r.width, 0), 1) : 0;
  }

  private onPointer(e: PointerEvent): void {
    if (this.dragging || !this.duration) return; // while dragging, the value leads
    const at = this.fraction(e);
    this.hover = { t: at * this.duration, at };
  }

  private onPointerDown(): void {
    this.dragging = true;
    // A finger never hovers: the preview follows the drag and goes on lift.
    const up = () => {
      this.dragging = false;
      removeEventListener("pointerup", up);
      removeEventListener("pointercancel", up);
      this.hover = undefined;
    };
    addEventListener("pointerup", up);
    addEventListener("pointercancel", up);
  }

  private onLeave(): void {
    if (!this.dragging) this.hover = undefined;
  }

  private unhover(): void {
    this.hover = undefined;
  }

  private showValue(t: number): void {
    this.hover = { t, at: this.duration ? t / this.duration : 0 };
  }

  private onInput(e: Event): void {
    const t = Number((e.target as HTMLInputElement).value);
    this.time = t;
    this.showValue(t);
    if (this.media) this.media.currentTime = t;
  }

  private onChange(): void {
    if (!this.dragging) this.hover = undefined;
  }

  // Keys move by 5 s (10% with Page Up/Down), and show the preview of
  // where they land until the bar loses focus.
  private onKey(e: KeyboardEvent): void {
    const m = this.media;
    if (!m || !this.duration) return;
    const d = this.duration;
    const steps: Record<string, number> = { ArrowRight: 5, ArrowUp: 5, ArrowLeft: -5, ArrowDown: -5, PageUp: d / 10, PageDown: -d / 10 };
    let t: number;
    if (e.key in steps) t = this.time + steps[e.key]!;
    else if (e.key === "Home") t = 0;
    else if (e.key === "End") t = d;
    else return;
    e.preventDefault();
    t = Math.min(Math.max(t, 0), d);
    this.time = t;
    m.currentTime = t;
    this.showValue(t);
  }

  private togglePlay(): void {
    const m = this.media;
    if (!m) return;
    if (m.paused) void m.play().catch(() => {});
    else m.pause();
  }

  private toggleMute(): void {
    if (this.media) this.media.muted = !this.media.muted;
  }

  private toggleFull(): void {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void this.screen?.requestFullscreen?.().catch(() => {});
  }

  private captions() {
    if (!this.tracks.length) return nothing;
    const on = this.tracks.find((t) => t.mode === "showing");
    return html`<div class="cc" @keydown=${this.menuKey}>
      <button data-testid="cc" aria-label="Subtitles and captions" aria-haspopup="menu" aria-expanded=${this.menu ? "true" : "false"}
        aria-pressed=${on ? "true" : "false"} @click=${() => (this.menu = !this.menu)}>CC</button>
      ${this.menu ? html`<ul role="menu" aria-label="Subtitles and captions">
        <li role="none"><button role="menuitemradio" aria-checked=${on ? "false" : "true"} @click=${() => this.choose(undefined)}>Off</button></li>
        ${this.tracks.map((t) => html`<li role="none"><button role="menuitemradio" aria-checked=${t === on ? "true" : "false"}
          @click=${() => this.choose(t)}>${trackLabel(t)}</button></li>`)}
      </ul>` : nothing}
    </div>`;
  }

  // choose shows one track (hls.js follows the text tracks' modes and
  // loads its cues) or none.
  private choose(pick: TextTrack | undefined): void {
    for (const t of this.tracks) if (t !== pick) t.mode = "disabled";
    if (pick) pick.mode = "showing";
    this.menu = false;
    this.tracks = [...this.tracks];
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("[data-testid=cc]")?.focus());
  }

  private menuKey(e: KeyboardEvent): void {
    if (!this.menu) return;
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>("[role=menuitemradio]")];
    const active = (this.renderRoot as ShadowRoot).activeElement as HTMLElement | null;
    const i = active ? items.indexOf(active) : -1;
    if (e.key === "Escape") {
      this.menu = false;
      this.renderRoot.querySelector<HTMLElement>("[data-testid=cc]")?.focus();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = e.key === "ArrowDown" ? (i + 1) % items.length : (i <= 0 ? items.length : i) - 1;
      items[next]?.focus();
    }
  }
}

// The bar's icons, drawn here: no icon font or emoji the system may lack.
const icons = {
  play: svg`<path fill="currentColor" d="M7 4v16l13-8z"/>`,
  pause: svg`<path fill="currentColor" d="M6 4h4v16H6zM14 4h4v16h-4z"/>`,
  sound: svg`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9z"/><path fill="none" stroke="currentColor" stroke-width="2" d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12"/>`,
  muted: svg`<path fill="currentColor" d="M3 9v6h4l5 5V4L7 9z"/><path fill="none" stroke="currentColor" stroke-width="2" d="M16 9l6 6M22 9l-6 6"/>`,
  full: svg`<path fill="none" stroke="currentColor" stroke-width="2" d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5"/>`,
  exitFull: svg`<path fill="none" stroke="currentColor" stroke-width="2" d="M9 4v5H4M20 9h-5V4M15 20v-5h5M4 15h5v5"/>`,
};

function icon(paths: ReturnType<typeof svg>) {
  return html`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">${paths}</svg>`;
}

function trackLabel(t: TextTrack): string {
  const name = t.label || t.language || "Track";
  return t.language && t.label && !t.label.includes(t.language) ? `${name} (${t.language})` : name;
}

// lengthOf is the seekable length: a stream still being published (an
// EVENT playlist) has an infinite duration but a seekable range.
function lengthOf(m: HTMLMediaElement, sb?: Storyboard): number {
  if (Number.isFinite(m.duration) && m.duration > 0) return m.duration;
  if (m.seekable.length) return m.seekable.end(m.seekable.length - 1);
  return sb?.duration ?? 0;
}

if (!customElements.get("sg-controls")) customElements.define("sg-controls", SgControls);
