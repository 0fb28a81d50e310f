// <streamgate-player server="https://..." video-id="...">: the whole gate
// for one video. It says what the rule asks before any wallet prompt,
// signs in, shows the decision and why, plays with hls.js (Safari's own
// HLS otherwise) and renews the playback token under the player.

import { LitElement, css, html, nothing } from "lit";
import { Code, ConnectError, gatev1, play, renew, videov1 } from "@streamgate/sdk";
import type { PlaybackGrant } from "@streamgate/sdk";

import { chainName, learnChains } from "./chains.js";
import { problem } from "./errors.js";
import { contractsOf, evaluationTree, ruleChains, ruleWords } from "./rule.js";
import type { Contracts } from "./rule.js";
import { account } from "./session.js";
import type { Account } from "./session.js";
import { loadStoryboard } from "./storyboard.js";
import type { Storyboard } from "./storyboard.js";
import { base } from "./styles.js";
import "./controls.js";
import type { SgControls } from "./controls.js";
import { shortcutKeys } from "./shortcuts.js";
import "./wallet.js";

type View =
  | { k: "loading" }
  | { k: "missing"; message: string }
  | { k: "processing"; video: videov1.Video }
  | { k: "failed"; reason: string }
  | { k: "signin" }
  | { k: "expired" }
  | { k: "checking" }
  | { k: "denied"; reason: string; evaluation?: gatev1.Evaluation }
  | { k: "unavailable"; message: string }
  | { k: "playing" };

const S = videov1.Status;

export class StreamGatePlayer extends LitElement {
  static override properties = {
    server: { type: String },
    videoId: { type: String, attribute: "video-id" },
    view: { state: true },
    video: { state: true },
    rule: { state: true },
    evaluation: { state: true },
    renewed: { state: true },
    storyboard: { state: true },
    media: { state: true },
  };

  static override styles = [
    base,
    css`
      :host { display: block; max-width: 960px; }
      .screen {
        min-height: 14em; background: #111; color: #eee; border-radius: 10px; overflow: hidden;
        display: flex; align-items: center; justify-content: center;
      }
      .screen.video { display: flex; flex-direction: column; align-items: stretch; }
      .screen.video video { width: 100%; aspect-ratio: 16 / 9; background: #000; display: block; }
      .screen.video video:focus { outline: none; }
      .screen.video video:focus-visible { outline: 3px solid #f0a000; outline-offset: -3px; }
      .screen.video:fullscreen { border-radius: 0; }
      .screen.video:fullscreen video { flex: 1; min-height: 0; aspect-ratio: auto; height: auto; }
      .screen { position: relative; }
      .screen.posted { min-height: min(540px, 56.25vw); }
      .screen .poster { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; opacity: 0.4; }
      .screen .gate { position: relative; }
      .gate { padding: 1em; max-width: 40em; overflow: auto; max-height: 100%; }
      .gate a { color: #aab4ff; }
      .gate .muted, .gate .detail { color: #b8b8c4; }
      .gate .ok { color: #5fd37a; }
      .gate .no { color: #ff7b82; }
      .gate h2 { font-size: 1.15em; margin: 0 0 0.4em; }
      .under { margin-top: 0.5em; }
      details { margin-top: 0.5em; }
    `,
  ];

  declare server: string;
  declare videoId: string;
  declare view: View;
  declare video?: videov1.Video;
  declare rule?: gatev1.Rule;
  declare evaluation?: gatev1.Evaluation;
  declare renewed?: Date;
  /** The seek bar's previews; none until loaded, or when the video has none. */
  declare storyboard?: Storyboard;
  declare media?: HTMLVideoElement;
  /** What the chain calls the rule's contracts (GetAccessRule). */
  private contracts: Contracts = new Map();

  private acct?: Account;
  private playback?: { destroy(): void; readonly grant: PlaybackGrant };
  private abort?: AbortController;
  private readonly onAccount = () => void this.start();

  constructor() {
    super();
    this.server = "";
    this.videoId = "";
    this.view = { k: "loading" };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.videoId) void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
    this.acct?.removeEventListener("change", this.onAccount);
  }

  override updated(changed: Map<string, unknown>): void {
    if ((changed.has("server") || changed.has("videoId")) && this.videoId) void this.start();
    this.setAttribute("state", this.view.k);
  }

  private get baseUrl(): string {
    return (this.server || location.origin).replace(/\/+$/, "");
  }

  private stop(): void {
    this.abort?.abort();
    this.playback?.destroy();
    this.playback = undefined;
    this.storyboard = undefined;
    this.media = undefined;
  }

  /** Runs the whole flow again: after sign-in, sign-out or "try again". */
  async start(): Promise<void> {
    this.stop();
    const ctl = (this.abort = new AbortController());
    const a = account(this.baseUrl);
    if (a !== this.acct) {
      this.acct?.removeEventListener("change", this.onAccount);
      this.acct = a;
      a.addEventListener("change", this.onAccount);
    }
    this.evaluation = undefined;
    this.renewed = undefined;
    try {
      await this.flow(a, ctl.signal);
    } catch (err) {
      if (!ctl.signal.aborted) this.fail(err);
    }
  }

  private async flow(a: Account, signal: AbortSignal): Promise<void> {
    if (!this.video || this.video.id !== this.videoId) this.view = { k: "loading" };
    const v = (await a.sg.videos.getVideo({ id: this.videoId }, { signal })).video!;
    this.video = v;
    this.dispatchEvent(new CustomEvent("video", { detail: v }));
    if (v.status === S.FAILED) return void (this.view = { k: "failed", reason: v.failureReason || "no reason given" });
    if (v.status !== S.READY) return this.follow(a, signal);
    this.rule = undefined;
    if (v.gated) {
      const r = await a.sg.gate.getAccessRule({ videoId: v.id }, { signal });
      learnChains(r.chains);
      this.contracts = contractsOf(r.contracts);
      this.rule = r.rule;
    }
    if (!a.address) {
      // A video that asks nothing plays at once, with no wallet: the
      // server grants it to anyone (and still says no when it is gated).
      if (!this.rule) return this.play(a, signal);
      return void (this.view = { k: "signin" });
    }
    const owner = a.address.toLowerCase() === v.ownerAddress.toLowerCase();
    if (this.rule && !owner) {
      this.view = { k: "checking" };
      const d = await a.sg.gate.checkAccess({ videoId: v.id }, { signal });
      this.evaluation = d.evaluation;
      if (!d.allowed) return void (this.view = { k: "denied", reason: d.reason, evaluation: d.evaluation });
    }
    await this.play(a, signal);
  }

  // follow shows processing progress live, and plays once ready.
  private async follow(a: Account, signal: AbortSignal): Promise<void> {
    this.view = { k: "processing", video: this.video! };
    for await (const v of a.sg.watchVideo(this.videoId, signal)) {
      this.video = v;
      if (v.status === S.READY || v.status === S.FAILED) return this.flow(a, signal);
      this.view = { k: "processing", video: v };
    }
  }

  private async play(a: Account, signal: AbortSignal): Promise<void> {
    this.view = { k: "playing" };
    await this.updateComplete;
    const media = this.renderRoot.querySelector("video")!;
    this.media = media;
    // The full build: the light one has no subtitle tracks.
    const { default: Hls } = await import("hls.js");
    signal.throwIfAborted();
    const onError = (err: unknown) => this.fail(err);
    const onRenew = () => (this.renewed = new Date());
    if (Hls.isSupported()) {
      const p = await play(a.sg, { Hls, media, videoId: this.videoId, onError, onRenew });
      if (signal.aborted) return p.destroy();
      this.playback = p;
      media.poster = this.posterFor(p.grant.url);
    } else if (media.canPlayType("application/vnd.apple.mpegurl")) {
      this.playback = await nativePlay(a, this.videoId, media, onRenew, onError, (u) => this.posterFor(u));
    } else {
      throw new ConnectError("this browser cannot play HLS video", Code.FailedPrecondition);
    }
    const sb = await loadStoryboard(this.playback.grant.url, signal);
    if (signal.aborted || !sb) return;
    this.storyboard = sb;
    // The first sheet, ahead of the first hover (later ones load on demand).
    new Image().src = this.sheetBase() + sb.tiles[0]!.url;
  }

  /** The current /play/{token}/ prefix: the token renews under the player. */
  private readonly sheetBase = () => this.playback?.grant.url.replace(/master\.m3u8$/, "") ?? "";

  /** The public poster when the owner allows it; else the gated frame a tenth in. */
  private posterFor(grantUrl: string): string {
    if (this.video?.publicPoster) return this.publicPoster(this.video);
    const d = this.video?.duration;
    const tenth = d ? (Number(d.seconds) + d.nanos / 1e9) / 10 : 0;
    return grantUrl.replace(/master\.m3u8$/, `thumbnail.jpg?time=${tenth.toFixed(1)}&width=640`);
  }

  private publicPoster(v: videov1.Video): string {
    return `${this.baseUrl}/poster/${encodeURIComponent(v.id)}.jpg`;
  }

  /** Behind the gate's words: what the video is, when its owner allows. */
  private backdrop() {
    const v = this.video;
    if (!v?.publicPoster || v.status !== S.READY) return nothing;
    return html`<img class="poster" data-testid="public-poster" src=${this.publicPoster(v)} alt="" />`;
  }

  private fail(err: unknown): void {
    const p = problem(err);
    switch (p.kind) {
      case "expired":
        // Without a session, "unauthenticated" means the video asks for a
        // wallet after all (it was gated since the page loaded).
        if (!this.acct?.address) return void (this.view = { k: "signin" });
        this.acct?.expire();
        this.view = { k: "expired" };
        return;
      case "unavailable":
        this.view = { k: "unavailable", message: p.message };
        return;
      case "denied": {
        const ev = ConnectError.from(err).findDetails(gatev1.EvaluationSchema)[0] ?? this.evaluation;
        this.view = { k: "denied", reason: p.message, evaluation: ev };
        return;
      }
      case "not-ready":
        void this.start();
        return;
      default:
        this.view = { k: "missing", message: p.message };
    }
  }

  override render() {
    const v = this.video;
    const k = this.view.k;
    const backdrop = k === "signin" || k === "denied" || k === "expired" || k === "checking" ? this.backdrop() : nothing;
    const cls = k === "playing" ? "video" : backdrop !== nothing ? "posted" : "";
    return html`<div class="screen ${cls}" aria-live="polite" @keydown=${this.onKey}>${backdrop}${this.screen()}</div>
      <div class="under">${this.under()}</div>
      ${v && this.hasAttribute("titled") ? html`<h1>${v.title}</h1><p>${v.description}</p>` : nothing}`;
  }

  private screen() {
    const view = this.view;
    switch (view.k) {
      case "playing":
        // The video takes focus (a click, Tab) so the keyboard shortcuts
        // work at once; they work with focus anywhere in the player.
        return html`<video playsinline tabindex="0" aria-label=${this.video?.title ?? "Video"} aria-keyshortcuts=${shortcutKeys}
            @click=${this.togglePlay}></video>
          <sg-controls .media=${this.media} .storyboard=${this.storyboard} .sheetBase=${this.sheetBase}
            .screen=${this.renderRoot.querySelector(".screen") ?? undefined}></sg-controls>`;
      case "loading":
      case "checking":
        return html`<p class="gate" role="status">${view.k === "loading" ? "Loading…" : "Checking your wallet on the chain…"}</p>`;
      case "missing":
        return html`<div class="gate" role="alert"><h2>Cannot play this video</h2><p>${view.message}</p></div>`;
      case "processing": {
        const pct = Math.round((view.video.progress || 0) * 100);
        const words = view.video.status === S.WAITING_UPLOAD ? "waiting for its upload" : view.video.status === S.UPLOADED ? "queued for processing" : `processing: ${pct}%`;
        return html`<div class="gate" role="status" data-testid="processing">
          <h2>This video is not ready yet</h2><p>It is ${words}. This page will play it as soon as it is ready.</p>
          <progress max="100" value=${pct} aria-label="Processing progress"></progress></div>`;
      }
      case "failed":
        return html`<div class="gate" role="alert"><h2>This video could not be processed</h2><p>Reason: ${view.reason}</p>
          <p class="muted">Its creator can upload it again from the studio.</p></div>`;
      case "signin":
        return html`<div class="gate">${this.ask()}<sg-wallet server=${this.baseUrl}></sg-wallet></div>`;
      case "expired":
        return html`<div class="gate" role="alert"><h2>Your session has expired</h2><p>Sign in again to keep watching.</p>
          <sg-wallet server=${this.baseUrl}></sg-wallet></div>`;
      case "denied":
        return html`<div class="gate" role="alert" data-testid="denied"><h2>This wallet cannot watch this video</h2>
          <p>${view.reason || "It does not meet the video's access rule."}</p>
          ${this.rule ? html`<p>What is asked: ${ruleWords(this.rule, this.contracts)}</p>` : nothing}
          <details open><summary>Why</summary>${evaluationTree(view.evaluation)}</details>
          <div class="row">${this.switchButton()}<button class="secondary" @click=${() => this.acct?.signOut()}>Use another wallet</button></div></div>`;
      case "unavailable":
        return html`<div class="gate" role="alert" data-testid="unavailable"><h2>We could not check access right now</h2>
          <p>${view.message}</p><button @click=${() => this.start()}>Try again</button></div>`;
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (this.view.k === "playing") this.renderRoot.querySelector<SgControls>("sg-controls")?.shortcut(e);
  }

  private togglePlay(e: Event): void {
    const m = e.currentTarget as HTMLVideoElement;
    if (m.paused) void m.play().catch(() => {});
    else m.pause();
  }

  // ask says what the rule asks, before any wallet prompt.
  private ask() {
    if (!this.rule) {
      return html`<h2>${this.video?.title ?? "Sign in to watch"}</h2><p>Sign in with your wallet to watch this video.</p>`;
    }
    return html`<h2>This video is for token holders</h2>
      <div data-testid="rule">To watch, ${ruleWords(this.rule, this.contracts)}.</div>
      <p class="muted">Sign in with your wallet: it signs a message, which costs nothing and sends no transaction.</p>
      ${this.switchButton()}`;
  }

  // switchButton offers to move the wallet to the rule's chain.
  private switchButton() {
    const a = this.acct;
    const chains = this.rule ? ruleChains(this.rule) : [];
    if (!a?.wallet || chains.length !== 1 || a.chainId === chains[0]) return nothing;
    const want = chains[0]!;
    return html`<button class="secondary" @click=${() => a.switchChain(want).catch((e) => this.fail(e))}>
      Switch wallet to ${chainName(want)}</button>`;
  }

  private under() {
    if (this.view.k !== "playing") return nothing;
    if (!this.acct?.address) {
      return html`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed ? `Open to everyone: no wallet needed. Access renewed at ${this.renewed.toLocaleTimeString()}.` : "Open to everyone: no wallet needed."}</div>`;
    }
    return html`<div class="row muted" role="status" data-testid="renewal">
        ${this.renewed ? `Access renewed at ${this.renewed.toLocaleTimeString()}; it is checked again before each renewal.` : "Access granted; it renews by itself while you watch."}
      </div>
      ${this.evaluation ? html`<details><summary>Why you may watch</summary>${evaluationTree(this.evaluation)}</details>` : nothing}`;
  }
}

// nativePlay plays through the browser's own HLS (Safari). The URL cannot
// be rewritten under a native player, so each renewal swaps the source
// and keeps the position.
async function nativePlay(
  a: Account,
  videoId: string,
  media: HTMLVideoElement,
  onRenew: () => void,
  onError: (err: unknown) => void,
  posterFor: (grantUrl: string) => string,
): Promise<{ destroy(): void; readonly grant: PlaybackGrant }> {
  let grant: PlaybackGrant = await a.sg.authorize(videoId);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer = setTimeout(async () => {
      try {
        grant = await renew(a.sg, grant.token);
        const at = media.currentTime;
        const playing = !media.paused;
        media.src = grant.url;
        media.currentTime = at;
        if (playing) void media.play();
        onRenew();
        schedule();
      } catch (err) {
        onError(err);
      }
    }, Math.max(grant.renewTime.getTime() - Date.now(), 1000));
  };
  media.src = grant.url;
  media.poster = posterFor(grant.url);
  schedule();
  return {
    get grant() {
      return grant;
    },
    destroy() {
      clearTimeout(timer);
      media.removeAttribute("src");
      media.load();
    },
  };
}

if (!customElements.get("streamgate-player")) customElements.define("streamgate-player", StreamGatePlayer);
