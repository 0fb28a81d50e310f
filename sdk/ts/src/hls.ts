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
  // Every renewal or authorization belongs to one epoch; a new
  // authorization (and destroy) starts the next, so an answer or timer of
  // an older one (a slow renewal that lands after the token was replaced,
  // anything after destroy) is dropped instead of starting a second chain
  // of renewals.
  let epoch = 0;
  const expired = () => Date.now() >= grant.expireTime.getTime();
  const backoff = (attempt: number) => Math.min(2 ** attempt * 1000, 30_000);
  const later = (at: number, run: () => void) => {
    clearTimeout(timer);
    const mine = epoch;
    const ms = Math.min(Math.max(at - Date.now(), 1000), 2 ** 31 - 1);
    timer = setTimeout(() => {
      if (mine === epoch) run();
    }, ms);
  };
  const granted = (g: PlaybackGrant) => {
    grant = g;
    opts.onRenew?.(g);
    later(g.renewTime.getTime(), () => renewNow(0));
  };
  // One new authorization at a time, however many loads failed meanwhile;
  // a transient failure (the network still waking up) is retried.
  let reauthorizing = false;
  const reauthorize = (attempt = 0) => {
    if (reauthorizing || stopped) return;
    reauthorizing = true;
    const mine = ++epoch;
    clearTimeout(timer);
    authorize(sg, opts.videoId).then(
      (g) => {
        reauthorizing = false;
        if (mine !== epoch) return;
        granted(g);
        hls.startLoad?.();
      },
      (err: unknown) => {
        reauthorizing = false;
        if (mine !== epoch) return;
        if (retryable.has(ConnectError.from(err).code)) later(Date.now() + backoff(attempt), () => reauthorize(attempt + 1));
        else opts.onError?.(err);
      },
    );
  };
  const renewNow = (attempt: number) => {
    // A timer that fires after the expiry (the device slept through it)
    // has nothing left to renew.
    if (expired()) return reauthorize();
    const mine = epoch;
    renew(sg, grant.token).then(
      (g) => {
        if (mine === epoch) granted(g);
      },
      (err: unknown) => {
        if (mine !== epoch) return;
        const code = ConnectError.from(err).code;
        // The token is no longer valid (it expired on the server's clock
        // first): authorize anew, which also says if the session ended.
        if (code === Code.Unauthenticated) return reauthorize();
        // Retry transient failures with backoff while the current token
        // still works, then authorize anew once it has expired; a refusal
        // (the gate no longer passes, the session ended) will not change
        // by retrying.
        if (!retryable.has(code)) return opts.onError?.(err);
        const retry = Date.now() + backoff(attempt);
        if (retry < grant.expireTime.getTime()) later(retry, () => renewNow(attempt + 1));
        else later(grant.expireTime.getTime(), () => reauthorize());
      },
    );
  };
  // hls.js stops on a fatal network error; one that comes with an expired
  // token (its loads were refused) is mended by a new authorization.
  hls.on?.("hlsError", (_event, data) => {
    if (data?.fatal && data.type === "networkError" && expired()) reauthorize();
  });
  later(grant.renewTime.getTime(), () => renewNow(0));
  hls.loadSource(first);
  hls.attachMedia(opts.media);
  return {
    hls,
    get grant() {
      return grant;
    },
    destroy() {
      stopped = true;
      epoch++;
      clearTimeout(timer);
      hls.destroy();
    },
  };
}
