// The StreamGate client: generated Connect clients on one transport that
// carries the session's bearer token and refreshes it before it expires.

import { Code, ConnectError, createClient } from "@connectrpc/connect";
import type { Client, Interceptor, Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";

import { AuthService } from "./gen/streamgate/auth/v1/auth_pb.js";
import { GateService } from "./gen/streamgate/gate/v1/gate_pb.js";
import { PlaybackService } from "./gen/streamgate/playback/v1/playback_pb.js";
import { UploadService } from "./gen/streamgate/upload/v1/upload_pb.js";
import { VideoService } from "./gen/streamgate/video/v1/video_pb.js";
import { WebhookService } from "./gen/streamgate/webhook/v1/webhook_pb.js";
import type { Video } from "./gen/streamgate/video/v1/video_pb.js";
import type { Upload } from "./gen/streamgate/upload/v1/upload_pb.js";
import { authorize, renew } from "./playback.js";
import type { PlaybackGrant } from "./playback.js";
import { Session } from "./session.js";
import type { Tokens } from "./session.js";
import { signIn } from "./signin.js";
import type { Eip1193Provider, MessageSigningAccount, SignInOptions, SignInResult } from "./signin.js";
import { upload } from "./upload.js";
import type { UploadOptions } from "./upload.js";
import type { StreamGateClients } from "./types.js";
import { waitUntilReady, watchVideo } from "./watch.js";

/** Options for {@link StreamGate}. */
export interface StreamGateOptions {
  /** The server's base URL, e.g. `https://api.example.com` or `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The fetch to use (defaults to `globalThis.fetch`); also used for part uploads in Node. */
  fetch?: typeof globalThis.fetch;
  /** `connect` (default) or `grpc-web`. */
  protocol?: "connect" | "grpc-web";
  /** Send protobuf binary (default) rather than JSON. */
  useBinaryFormat?: boolean;
  /** More interceptors, run after the session's. */
  interceptors?: Interceptor[];
  /**
   * Builds the transport from the interceptors the client needs, for a
   * transport of your own (e.g. `@connectrpc/connect-node` on Node 22+).
   * Pass the interceptors on, or the client sends no bearer token.
   */
  transport?: (interceptors: Interceptor[]) => Transport;
  /** A session saved earlier from `tokens` / `onTokens`. */
  tokens?: Tokens;
  /** Called whenever the session's tokens change (undefined: signed out). */
  onTokens?: (tokens: Tokens | undefined) => void;
  /** Refresh the access token this long before it expires; default 30 s. */
  refreshMarginMs?: number;
  /**
   * Origins (`scheme://host[:port]`) whose Sign-In with Ethereum messages
   * `signIn` lets a wallet sign: a challenge whose domain or URI names any
   * other site is refused before the wallet is asked. Default: the
   * `baseUrl`'s origin and, in a browser, the page's own origin (the
   * server's `--auth-domain` often names the web app). Set it when the
   * server signs in users for another origin, e.g. a Node script calling
   * `https://api.example.com` whose messages name `https://app.example.com`.
   */
  signInOrigins?: string[];
}

// Methods that must not carry a bearer token or trigger a refresh.
const anonymous = new Set(["GetChallenge", "SignIn", "Refresh"]);

/**
 * Calls a StreamGate server. The generated clients (`auth`, `videos`,
 * `uploads`, `gate`, `playback`, `webhooks`) carry the session token for calls the
 * helpers do not cover.
 */
export class StreamGate implements StreamGateClients {
  readonly baseUrl: string;
  readonly auth: Client<typeof AuthService>;
  readonly videos: Client<typeof VideoService>;
  readonly uploads: Client<typeof UploadService>;
  readonly gate: Client<typeof GateService>;
  readonly playback: Client<typeof PlaybackService>;
  /** The creator's webhook endpoints and their deliveries. */
  readonly webhooks: Client<typeof WebhookService>;
  /** The fetch used for presigned part uploads. */
  readonly fetch: typeof globalThis.fetch;
  /** Origins whose sign-in messages {@link signIn} accepts; see {@link StreamGateOptions.signInOrigins}. */
  readonly signInOrigins: readonly string[];
  /** @internal */
  readonly session: Session;

  constructor(opts: StreamGateOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.signInOrigins = opts.signInOrigins ?? defaultSignInOrigins(this.baseUrl);
    const f = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.fetch = f;
    const build =
      opts.transport ??
      ((interceptors: Interceptor[]) => {
        const t = {
          baseUrl: this.baseUrl,
          fetch: f,
          useBinaryFormat: opts.useBinaryFormat ?? true,
          interceptors,
        };
        return opts.protocol === "grpc-web" ? createGrpcWebTransport(t) : createConnectTransport(t);
      });
    // Refresh goes through a transport without the session interceptor, so
    // it can never recurse into itself.
    const bare = createClient(AuthService, build([...(opts.interceptors ?? [])]));
    this.session = new Session({
      refresh: async (refreshToken) => (await bare.refresh({ refreshToken })).tokens,
      marginMs: opts.refreshMarginMs ?? 30_000,
      onChange: opts.onTokens,
    });
    if (opts.tokens) this.session.set(opts.tokens, false);
    const transport = build([this.bearer(), ...(opts.interceptors ?? [])]);
    this.auth = createClient(AuthService, transport);
    this.videos = createClient(VideoService, transport);
    this.uploads = createClient(UploadService, transport);
    this.gate = createClient(GateService, transport);
    this.playback = createClient(PlaybackService, transport);
    this.webhooks = createClient(WebhookService, transport);
  }

  /** The session's tokens, to persist; undefined when signed out. */
  get tokens(): Tokens | undefined {
    return this.session.tokens;
  }

  /** Resumes a saved session (or clears it with undefined). */
  setTokens(tokens: Tokens | undefined): void {
    this.session.set(tokens);
  }

  /**
   * Signs in with Sign-In with Ethereum through an EIP-1193 provider
   * (`window.ethereum`) or a viem account; see {@link signIn}.
   */
  signIn(wallet: Eip1193Provider | MessageSigningAccount, opts?: SignInOptions): Promise<SignInResult> {
    return signIn(this, wallet, opts);
  }

  /** Uploads a File or Blob as a video's original, resumably; see {@link upload}. */
  upload(videoId: string, file: Blob, opts?: UploadOptions): Promise<Upload> {
    return upload(this, videoId, file, opts);
  }

  /** Yields the video now and after every change. */
  watchVideo(id: string, signal?: AbortSignal): AsyncGenerator<Video> {
    return watchVideo(this, id, signal);
  }

  /** Resolves once the video is READY; rejects when it FAILED. */
  waitUntilReady(id: string, opts?: { signal?: AbortSignal; onUpdate?: (v: Video) => void }): Promise<Video> {
    return waitUntilReady(this, id, opts);
  }

  /** Checks the gate and returns a signed playback URL. */
  authorize(videoId: string, signal?: AbortSignal): Promise<PlaybackGrant> {
    return authorize(this, videoId, signal);
  }

  /** Exchanges a playback token for a fresh grant. */
  renew(token: string, signal?: AbortSignal): Promise<PlaybackGrant> {
    return renew(this, token, signal);
  }

  /** Revokes the session on the server and forgets it. */
  async signOut(): Promise<void> {
    try {
      if (this.session.tokens) await this.auth.signOut({});
    } finally {
      this.session.set(undefined);
    }
  }

  // bearer adds `Authorization: Bearer` to every call but sign-in's,
  // refreshing first when the access token is about to expire. A unary call
  // answered Unauthenticated (a clock off by more than the margin, a token
  // revoked server-side) is retried once after a forced refresh.
  private bearer(): Interceptor {
    return (next) => async (req) => {
      if (anonymous.has(req.method.name) || req.header.has("Authorization")) return next(req);
      const token = await this.session.access();
      if (!token) return next(req);
      req.header.set("Authorization", `Bearer ${token}`);
      try {
        return await next(req);
      } catch (err) {
        if (req.stream || ConnectError.from(err).code !== Code.Unauthenticated) throw err;
        const fresh = await this.session.access(token).catch(() => undefined);
        if (!fresh || fresh === token) throw err;
        req.header.set("Authorization", `Bearer ${fresh}`);
        return next(req);
      }
    };
  }
}

// defaultSignInOrigins is the server's origin and, on a web page, the
// page's: a browser wallet checks the message against the page anyway,
// and a server may only name itself or the site the user is on.
function defaultSignInOrigins(baseUrl: string): string[] {
  const out: string[] = [];
  try {
    out.push(new URL(baseUrl).origin);
  } catch {
    // A relative or malformed baseUrl: calls fail on their own.
  }
  const page = (globalThis as { location?: { origin?: string; protocol?: string } }).location;
  if (page?.origin && (page.protocol === "https:" || page.protocol === "http:") && !out.includes(page.origin)) {
    out.push(page.origin);
  }
  return out;
}
