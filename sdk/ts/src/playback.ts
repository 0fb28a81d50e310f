// Playback authorization: signed, expiring URLs for a video.

import { Code, ConnectError } from "@connectrpc/connect";
import { timestampDate } from "@bufbuild/protobuf/wkt";

import type { StreamGateClients } from "./types.js";
import type { Grant as GrantMessage } from "./gen/streamgate/playback/v1/playback_pb.js";

/** A playback permission. */
export interface PlaybackGrant {
  /** The master playlist URL: `{base}/play/{token}/master.m3u8`. */
  url: string;
  /** The token in the URL's path, for {@link renew}. */
  token: string;
  expireTime: Date;
  /** When a player should renew. */
  renewTime: Date;
}

function grantFrom(g: GrantMessage | undefined): PlaybackGrant {
  if (!g?.expireTime || !g.renewTime || !g.playbackUrl) {
    throw new ConnectError("server sent an incomplete playback grant", Code.Internal);
  }
  return {
    url: g.playbackUrl,
    token: g.token,
    expireTime: timestampDate(g.expireTime),
    renewTime: timestampDate(g.renewTime),
  };
}

/** Checks the video's gate for the signed-in wallet and returns a playback URL. */
export async function authorize(sg: StreamGateClients, videoId: string, signal?: AbortSignal): Promise<PlaybackGrant> {
  return grantFrom((await sg.playback.authorize({ videoId }, { signal })).grant);
}

/** Exchanges a still-valid playback token for a fresh grant (the gate is checked again). */
export async function renew(sg: StreamGateClients, token: string, signal?: AbortSignal): Promise<PlaybackGrant> {
  return grantFrom((await sg.playback.renew({ token }, { signal })).grant);
}
