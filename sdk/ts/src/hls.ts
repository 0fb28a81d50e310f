// hls.js integration: plays an authorized video and renews the playback
// token before it expires, rewriting every later request to the new token.

import { Code, ConnectError } from "@connectrpc/connect";

import type { StreamGateClients } from "./types.js";
import { authorize, renew } from "./playback.js";
import type { PlaybackGrant } from "./playback.js";

/** The part of an hls.js instance used here. */
export interface HlsInstance {
  loadSource(url: string): void;
  attachMedia(media: HTMLMediaElement): void;
  destroy(): void;
  /**
   * hls.js's event hook and loader restart: with them, playback that
   * stopped on an expired token (the device slept past it) resumes after
   * a new authorization. hls.js instances have both.
   */
  on?(event: string, listener: (event: string, data: HlsErrorData) => void): void;
  startLoad?(): void;
}

/** The fields of an hls.js error event read here. */
export interface HlsErrorData {
  fatal?: boolean;
  type?: string;
}

/** The hls.js class (`import Hls from "hls.js"`), loaded by the caller. */
export interface HlsClass<H extends HlsInstance = HlsInstance> {
  new (config?: Record<string, unknown>): H;
}

/** Options for {@link play}. */
export interface PlayOptions<H extends HlsInstance> {
  /** The hls.js class. */
  Hls: HlsClass<H>;
  /** The <video> (or <audio>) element. */
  media: HTMLMediaElement;
  videoId: string;
  /** More hls.js config; an `xhrSetup` or `fetchSetup` here still runs. */
  hlsConfig?: Record<string, unknown>;
  /**
   * Called when a renewal fails for good: the gate refused, the session
   * ended, or a new authorization after an expired token was refused.
   */
  onError?: (err: unknown) => void;
  /** Called after each successful renewal (or new authorization). */
  onRenew?: (g: PlaybackGrant) => void;
}

/** A playing video. */
export interface Playback<H extends HlsInstance> {
  hls: H;
  /** The current grant (changes on renewal). */
  readonly grant: PlaybackGrant;
  /** Stops renewing and destroys the hls.js instance. */
  destroy(): void;
}

/**
 * Replaces the token in a playback URL: requests under the grant's
 * `/play/{token}/` prefix are pointed at `token`; anything else is left.
 */
export function withToken(url: string, grantUrl: string, token: string): string {
  const i = grantUrl.indexOf("/play/");
  if (i < 0) return url;
  const base = grantUrl.slice(0, i + "/play/".length);
  if (!url.startsWith(base)) return url;
  const rest = url.slice(base.length);
  const slash = rest.indexOf("/");
  return slash < 0 ? url : base + encodeURIComponent(token) + rest.slice(slash);
}

const retryable = new Set([
  Code.Unavailable,
  Code.DeadlineExceeded,
  Code.ResourceExhausted,
  Code.Aborted,
  Code.Internal,
  Code.Unknown,
]);

/**
 * Authorizes `videoId`, starts hls.js on `media`, and renews the playback
 * token at the grant's renew time. Segments and playlists fetched after a
 * renewal carry the new token, so playback never stops at expiry. When the
 * token expired before it could be renewed (the device slept, the tab was
 * frozen), the video is authorized again, as a first play would be (the
 * gate is asked again), and hls.js resumes loading with the new token; a
 * refusal then goes to `onError`.
 */
export async function play<H extends HlsInstance>(sg: StreamGateClients, opts: PlayOptions<H>): Promise<Playback<H>> {
  let grant = await authorize(sg, opts.videoId);
  const first = grant.url;
  const cfg = opts.hlsConfig ?? {};
  const userXhr = cfg["xhrSetup"] as ((xhr: XMLHttpRequest, url: string) => unknown) | undefined;
  const userFetch = cfg["fetchSetup"] as ((ctx: { url: string }, init: RequestInit) => Request) | undefined;
  const hls = new opts.Hls({
    ...cfg,
    xhrSetup: (xhr: XMLHttpRequest, url: string) => {
      // hls.js opens the request itself only when xhrSetup did not.
      xhr.open("GET", withToken(url, first, grant.token), true);
      return userXhr?.(xhr, url);
    },
    fetchSetup: (ctx: { url: string }, init: RequestInit) => {
      const c = { ...ctx, url: withToken(ctx.url, first, grant.token) };
      return userFetch ? userFetch(c, init) : new Request(c.url, init);
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const expired = () => Date.now() >= grant.expireTime.getTime();
  const granted = (g: PlaybackGrant) => {
    grant = g;
    opts.onRenew?.(g);
    schedule(g.renewTime.getTime(), 0);
  };
  // One new authorization at a time, however many loads failed meanwhile.
  let reauthorizing = false;
  const reauthorize = () => {
    if (reauthorizing || stopped) return;
    reauthorizing = true;
    clearTimeout(timer);
    authorize(sg, opts.videoId).then(
      (g) => {
        reauthorizing = false;
        if (stopped) return;
        granted(g);
        hls.startLoad?.();
      },
      (err: unknown) => {
        reauthorizing = false;
        if (!stopped) opts.onError?.(err);
      },
    );
  };
  const schedule = (at: number, attempt: number) => {
    if (stopped) return;
    const ms = Math.min(Math.max(at - Date.now(), 1000), 2 ** 31 - 1);
    timer = setTimeout(() => {
      // A timer that fires after the expiry (the device slept through it)
      // has nothing left to renew.
      if (expired()) return reauthorize();
      renew(sg, grant.token).then(granted, (err: unknown) => {
        const code = ConnectError.from(err).code;
        // The token is no longer valid (it expired on the server's clock
        // first): authorize anew, which also says if the session ended.
        if (code === Code.Unauthenticated) return reauthorize();
        // Retry transient failures with backoff while the current token
        // still works; a refusal (the gate no longer passes, the session
        // ended) will not change by retrying.
        const retry = Date.now() + Math.min(2 ** attempt * 1000, 30_000);
        if (retryable.has(code) && retry < grant.expireTime.getTime() && !stopped) schedule(retry, attempt + 1);
        else opts.onError?.(err);
      });
    }, ms);
  };
  // hls.js stops on a fatal network error; one that comes with an expired
  // token (its loads were refused) is mended by a new authorization.
  hls.on?.("hlsError", (_event, data) => {
    if (data?.fatal && data.type === "networkError" && expired()) reauthorize();
  });
  schedule(grant.renewTime.getTime(), 0);
  hls.loadSource(first);
  hls.attachMedia(opts.media);
  return {
    hls,
    get grant() {
      return grant;
    },
    destroy() {
      stopped = true;
      clearTimeout(timer);
      hls.destroy();
    },
  };
}
