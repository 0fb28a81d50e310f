// <sg-controls>: the player's control bar under the video: play/pause, a
// seek bar that previews the storyboard tile of the time under the
// pointer, finger or keyboard, the time, sound (mute and a volume slider,
// both remembered), a menu of subtitle and caption tracks, the playback
// speed, picture in picture where the browser offers it, and full screen
// (of the player, so the bar stays). Narrow players (phones, small
// embeds) put the seek bar on a row of its own, make every button a
// finger's size and move speed and picture in picture into a "more" menu.

import { LitElement, html, nothing } from "lit";

import { icon, icons } from "./icons.js";
import { menuKey, rateLabel, speeds, trackLabel } from "./menus.js";
import { loadSound, saveSound } from "./prefs.js";
import { actionFor } from "./shortcuts.js";
import { controlsStyle } from "./controls-style.js";
import { base } from "./styles.js";
import { clock, tileAt } from "./storyboard.js";
import type { Storyboard } from "./storyboard.js";

/** Where the preview is: the time, and the fraction of the bar. */
interface Hover {
  t: number;
  at: number;
}

type Menu = "" | "cc" | "speed" | "more";

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
    volume: { state: true },
    rate: { state: true },
    hover: { state: true },
    tracks: { state: true },
    menu: { state: true },
    full: { state: true },
    pip: { state: true },
    pipOk: { state: true },
  };

  static override styles = [base, controlsStyle];

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
  declare volume: number;
  declare rate: number;
  declare hover?: Hover;
  declare tracks: TextTrack[];
  declare menu: Menu;
  declare full: boolean;
  /** Whether the video is in picture in picture. */
  declare pip: boolean;
  /** Whether the browser can put this video in picture in picture. */
  declare pipOk: boolean;

  private dragging = false;
  private detach?: () => void;
  /** The volume to come back to when unmuting a slider left at 0. */
  private lastVolume = 1;
  /** The track "c" shows again after turning captions off. */
  private lastTrack?: TextTrack;

  constructor() {
    super();
    this.time = 0;
    this.duration = 0;
    this.paused = true;
    this.muted = false;
    this.volume = 1;
    this.rate = 1;
    this.tracks = [];
    this.menu = "";
    this.full = false;
    this.pip = false;
    this.pipOk = false;
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

  // attach restores the remembered sound, then follows the media
  // element's state and its text tracks.
  private attach(m: HTMLVideoElement): void {
    const sound = loadSound();
    if (sound) {
      m.volume = sound.volume;
      m.muted = sound.muted;
    }
    const sync = () => {
      if (!this.dragging) this.time = m.currentTime;
      this.duration = lengthOf(m, this.storyboard);
      this.paused = m.paused;
      this.muted = m.muted || m.volume === 0;
      this.volume = m.volume;
      if (m.volume > 0) this.lastVolume = m.volume;
      this.rate = m.playbackRate;
      this.pipOk = canPip(m);
      this.pip = rootOf(m).pictureInPictureElement === m;
    };
    const save = () => saveSound({ volume: m.volume, muted: m.muted });
    const tracks = () => (this.tracks = [...m.textTracks].filter((t) => textKinds.has(t.kind)));
    const onFull = () => (this.full = !!this.screen && rootOf(this.screen).fullscreenElement === this.screen);
    const media = ["timeupdate", "durationchange", "loadedmetadata", "play", "pause", "volumechange", "seeked", "progress",
      "ratechange", "enterpictureinpicture", "leavepictureinpicture"];
    for (const e of media) m.addEventListener(e, sync);
    m.addEventListener("volumechange", save);
    const tt = ["addtrack", "removetrack", "change"];
    for (const e of tt) m.textTracks.addEventListener(e, tracks);
    document.addEventListener("fullscreenchange", onFull);
    sync();
    tracks();
    this.detach = () => {
      for (const e of media) m.removeEventListener(e, sync);
      m.removeEventListener("volumechange", save);
      for (const e of tt) m.textTracks.removeEventListener(e, tracks);
      document.removeEventListener("fullscreenchange", onFull);
    };
  }

  override render() {
    const d = this.duration;
    const valuetext = `${clock(this.time)} of ${clock(d)}`;
    return html`<div class="bar">
      <button data-testid="play" aria-label=${this.paused ? "Play" : "Pause"} title=${this.paused ? "Play (k)" : "Pause (k)"}
        aria-keyshortcuts="k" @click=${this.togglePlay}>${icon(this.paused ? icons.play : icons.pause)}</button>
      <div class="seek">
        ${this.preview()}
        <input type="range" aria-label="Seek" data-testid="seek" min="0" max=${d || 0} step="any" .value=${String(this.time)}
          aria-valuenow=${Math.round(this.time)} aria-valuetext=${valuetext} ?disabled=${!d}
          @input=${this.onInput} @change=${this.onChange} @keydown=${this.onKey} @blur=${this.unhover}
          @pointermove=${this.onPointer} @pointerdown=${this.onPointerDown} @pointerleave=${this.onLeave}>
      </div>
      <span class="time" aria-hidden="true">${clock(this.time)} / ${clock(d)}</span>
      ${this.sound()}
      ${this.captions()}
      ${this.speedMenu()}
      ${this.pipOk ? html`<button class="wide" data-testid="pip" aria-label=${this.pip ? "Exit picture in picture" : "Picture in picture"}
        title="Picture in picture" aria-pressed=${this.pip ? "true" : "false"} @click=${this.togglePip}>${icon(icons.pip)}</button>` : nothing}
      ${this.moreMenu()}
      <button data-testid="full" aria-label=${this.full ? "Exit full screen" : "Full screen"} title=${this.full ? "Exit full screen (f)" : "Full screen (f)"}
        aria-keyshortcuts="f" @click=${this.toggleFull}>${icon(this.full ? icons.exitFull : icons.full)}</button>
    </div>`;
  }

  // sound is the mute button and the volume slider, which reads 0 while
  // muted, as on YouTube.
  private sound() {
    const pct = this.muted ? 0 : Math.round(this.volume * 100);
    return html`<div class="sound">
      <button data-testid="mute" aria-label=${this.muted ? "Unmute" : "Mute"} title=${this.muted ? "Unmute (m)" : "Mute (m)"}
        aria-keyshortcuts="m" @click=${this.toggleMute}>${icon(this.muted ? icons.muted : icons.sound)}</button>
      <input class="volume" type="range" data-testid="volume" aria-label="Volume" min="0" max="100" step="5" .value=${String(pct)}
        aria-valuenow=${pct} aria-valuetext=${this.muted ? "muted" : `${pct}%`} @input=${this.onVolume}>
    </div>`;
  }

  private onVolume(e: Event): void {
    const m = this.media;
    if (!m) return;
    const v = Number((e.target as HTMLInputElement).value) / 100;
    m.volume = v;
    if (v > 0) m.muted = false;
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
    this.fitMenu();
    this.placePreview();
  }

  // fitMenu keeps an open menu inside the player, whose box clips: no
  // taller than the room above its button (a small embed's video is
  // short), scrolling past that.
  private fitMenu(): void {
    const menu = this.renderRoot.querySelector<HTMLElement>("[role=menu]");
    const top = (this.screen ?? this.offsetParent)?.getBoundingClientRect().top;
    if (!menu || top === undefined) return;
    const room = menu.parentElement!.getBoundingClientRect().top - top - 8;
    menu.style.maxHeight = `${Math.max(room, 96)}px`;
  }

  private placePreview(): void {
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

  // toggleMute unmutes a player muted or left at volume 0 (back to the
  // last volume heard), and mutes one that plays.
  private toggleMute(): void {
    const m = this.media;
    if (!m) return;
    if (m.muted || m.volume === 0) {
      if (m.volume === 0) m.volume = this.lastVolume;
      m.muted = false;
    } else m.muted = true;
  }

  private toggleFull(): void {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    else void this.screen?.requestFullscreen?.().catch(() => {});
  }

  private togglePip(): void {
    const m = this.media;
    this.menu = "";
    if (!m) return;
    if (rootOf(m).pictureInPictureElement === m) void document.exitPictureInPicture().catch(() => {});
    else void m.requestPictureInPicture().catch(() => {});
  }

  private setRate(r: number, opener: string): void {
    const m = this.media;
    if (m) {
      // The default too: a source swapped under the player (Safari's
      // renewal) would otherwise go back to 1×.
      m.defaultPlaybackRate = r;
      m.playbackRate = r;
    }
    this.closeMenu(opener);
  }

  /** shortcut acts on a key pressed anywhere in the player (see shortcuts.ts). */
  shortcut(e: KeyboardEvent): void {
    const m = this.media;
    const a = m && actionFor(e);
    if (!m || !a) return;
    e.preventDefault();
    switch (a.k) {
      case "play":
        return this.togglePlay();
      case "seekBy":
      case "seekTo": {
        const d = this.duration;
        if (!d) return;
        const t = Math.min(Math.max(a.k === "seekBy" ? m.currentTime + a.s : a.fraction * d, 0), d);
        this.time = t;
        m.currentTime = t;
        return;
      }
      case "volumeBy":
        m.volume = Math.min(Math.max(Math.round((m.volume + a.d) * 100) / 100, 0), 1);
        if (a.d > 0) m.muted = false;
        return;
      case "mute":
        return this.toggleMute();
      case "full":
        return this.toggleFull();
      case "captions":
        return this.toggleCaptions();
    }
  }

  private opener(id: Menu, label: string, content: unknown, extra = "") {
    return html`<button data-testid=${id} class=${extra} aria-label=${label} aria-haspopup="menu" aria-expanded=${this.menu === id ? "true" : "false"}
      @click=${() => (this.menu = this.menu === id ? "" : id)}>${content}</button>`;
  }

  private captions() {
    if (!this.tracks.length) return nothing;
    const on = this.tracks.find((t) => t.mode === "showing");
    return html`<div class="pop" @keydown=${(e: KeyboardEvent) => this.menuKey(e, "cc")}>
      <button data-testid="cc" aria-label="Subtitles and captions" title="Subtitles and captions (c)" aria-keyshortcuts="c" aria-haspopup="menu"
        aria-expanded=${this.menu === "cc" ? "true" : "false"} aria-pressed=${on ? "true" : "false"}
        @click=${() => (this.menu = this.menu === "cc" ? "" : "cc")}>CC</button>
      ${this.menu === "cc" ? html`<ul role="menu" aria-label="Subtitles and captions">
        <li role="none"><button role="menuitemradio" aria-checked=${on ? "false" : "true"} @click=${() => this.choose(undefined)}>Off</button></li>
        ${this.tracks.map((t) => html`<li role="none"><button role="menuitemradio" aria-checked=${t === on ? "true" : "false"}
          @click=${() => this.choose(t)}>${trackLabel(t)}</button></li>`)}
      </ul>` : nothing}
    </div>`;
  }

  private speedMenu() {
    return html`<div class="pop wide" @keydown=${(e: KeyboardEvent) => this.menuKey(e, "speed")}>
      ${this.opener("speed", `Playback speed: ${rateLabel(this.rate)}`, rateLabel(this.rate), "rate")}
      ${this.menu === "speed" ? html`<ul role="menu" aria-label="Playback speed">
        ${speeds.map((r) => html`<li role="none"><button role="menuitemradio" aria-checked=${r === this.rate ? "true" : "false"}
          @click=${() => this.setRate(r, "speed")}>${r === 1 ? "1× (normal)" : rateLabel(r)}</button></li>`)}
      </ul>` : nothing}
    </div>`;
  }

  // moreMenu holds, on narrow players, what does not fit in the bar.
  private moreMenu() {
    return html`<div class="pop more" @keydown=${(e: KeyboardEvent) => this.menuKey(e, "more")}>
      ${this.opener("more", "More options", icon(icons.more))}
      ${this.menu === "more" ? html`<ul role="menu" aria-label="More options">
        <li role="presentation" class="head" aria-hidden="true">Speed</li>
        <li role="none"><div role="group" aria-label="Playback speed" class="speeds">
          ${speeds.map((r) => html`<button role="menuitemradio" aria-checked=${r === this.rate ? "true" : "false"}
            @click=${() => this.setRate(r, "more")}>${rateLabel(r)}</button>`)}
        </div></li>
        ${this.pipOk ? html`<li role="none"><button role="menuitem" @click=${this.togglePip}>
          ${icon(icons.pip)} ${this.pip ? "Exit picture in picture" : "Picture in picture"}</button></li>` : nothing}
      </ul>` : nothing}
    </div>`;
  }

  // choose shows one track (hls.js follows the text tracks' modes and
  // loads its cues) or none.
  private choose(pick: TextTrack | undefined, refocus = true): void {
    const was = this.tracks.find((t) => t.mode === "showing");
    if (was) this.lastTrack = was;
    for (const t of this.tracks) if (t !== pick) t.mode = "disabled";
    if (pick) pick.mode = "showing";
    this.tracks = [...this.tracks];
    if (refocus) this.closeMenu("cc");
  }

  // toggleCaptions ("c") turns captions off, or back on with the track
  // last shown (else the first).
  private toggleCaptions(): void {
    if (!this.tracks.length) return;
    const on = this.tracks.find((t) => t.mode === "showing");
    const again = this.lastTrack && this.tracks.includes(this.lastTrack) ? this.lastTrack : this.tracks[0];
    this.choose(on ? undefined : again, false);
  }

  private closeMenu(opener: string): void {
    this.menu = "";
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-testid=${opener}]`)?.focus());
  }

  private menuKey(e: KeyboardEvent, opener: string): void {
    if (this.menu && menuKey(this.renderRoot as ShadowRoot, e) === "close") this.closeMenu(opener);
  }
}

// rootOf is where the player's elements live (its shadow root): there,
// unlike on document, fullscreenElement and pictureInPictureElement are
// the elements themselves, not their shadow host.
function rootOf(el: Element): Document | ShadowRoot {
  return el.getRootNode() as Document | ShadowRoot;
}

// canPip says whether the browser offers picture in picture for this
// video: enabled in the page, not refused by the element, and a picture
// to show (an audio-only rendition has none).
function canPip(m: HTMLVideoElement): boolean {
  return document.pictureInPictureEnabled && typeof m.requestPictureInPicture === "function" &&
    !m.disablePictureInPicture && m.readyState >= 1 && m.videoWidth > 0;
}

// lengthOf is the seekable length: a stream still being published (an
// EVENT playlist) has an infinite duration but a seekable range.
function lengthOf(m: HTMLMediaElement, sb?: Storyboard): number {
  if (Number.isFinite(m.duration) && m.duration > 0) return m.duration;
  if (m.seekable.length) return m.seekable.end(m.seekable.length - 1);
  return sb?.duration ?? 0;
}

if (!customElements.get("sg-controls")) customElements.define("sg-controls", SgControls);
