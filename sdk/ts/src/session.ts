// Session tokens and their single-flight refresh.

import { Code, ConnectError } from "@connectrpc/connect";
import { timestampDate } from "@bufbuild/protobuf/wkt";

import type { Tokens as TokensMessage } from "./gen/streamgate/auth/v1/auth_pb.js";

/** A session's token pair, in a form that survives JSON. */
export interface Tokens {
  accessToken: string;
  /** When the access token expires, in ms since the epoch. */
  accessTokenExpiresAt: number;
  refreshToken: string;
  /** When the refresh token expires, in ms since the epoch. */
  refreshTokenExpiresAt: number;
}

/** Converts the wire message into {@link Tokens}. */
export function tokensFrom(m: TokensMessage | undefined): Tokens {
  if (!m?.accessTokenExpiresAt || !m.refreshTokenExpiresAt) {
    throw new ConnectError("server sent no token expiry", Code.Internal);
  }
  return {
    accessToken: m.accessToken,
    accessTokenExpiresAt: timestampDate(m.accessTokenExpiresAt).getTime(),
    refreshToken: m.refreshToken,
    refreshTokenExpiresAt: timestampDate(m.refreshTokenExpiresAt).getTime(),
  };
}

interface SessionOptions {
  refresh: (refreshToken: string) => Promise<TokensMessage | undefined>;
  marginMs: number;
  onChange?: (t: Tokens | undefined) => void;
}

/** @internal Holds the tokens; one refresh at a time, since a refresh token works once. */
export class Session {
  tokens: Tokens | undefined;
  private refreshing: Promise<Tokens> | undefined;

  constructor(private readonly opts: SessionOptions) {}

  set(t: Tokens | undefined, notify = true): void {
    this.tokens = t;
    this.refreshing = undefined;
    if (notify) this.opts.onChange?.(t);
  }

  /**
   * Returns a usable access token, refreshing when it expires within the
   * margin, or when `stale` (a token the server just refused) is current.
   */
  async access(stale?: string): Promise<string | undefined> {
    const t = this.tokens;
    if (!t) return undefined;
    const due = Date.now() + this.opts.marginMs >= t.accessTokenExpiresAt;
    if (!due && t.accessToken !== stale) return t.accessToken;
    return (await this.rotate(t)).accessToken;
  }

  // The refresh is shared by every waiting call, so no one caller's abort
  // signal may cancel it.
  private rotate(t: Tokens): Promise<Tokens> {
    if (this.refreshing) return this.refreshing;
    if (Date.now() >= t.refreshTokenExpiresAt) {
      this.set(undefined);
      return Promise.reject(new ConnectError("session expired: sign in again", Code.Unauthenticated));
    }
    const p = this.opts.refresh(t.refreshToken).then(
      (m) => {
        const next = tokensFrom(m);
        if (this.tokens === t) this.set(next);
        return next;
      },
      (err: unknown) => {
        // A refused refresh token ends the session; anything else (network,
        // abort) leaves it for the next call to try again.
        if (this.tokens === t && ConnectError.from(err).code === Code.Unauthenticated) this.set(undefined);
        throw err;
      },
    );
    this.refreshing = p;
    p.finally(() => {
      if (this.refreshing === p) this.refreshing = undefined;
    }).catch(() => {});
    return p;
  }
}
