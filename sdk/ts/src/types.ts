// What the helpers (sign-in, upload, watch, playback, hls.js) need from a
// client. The StreamGate class implements it; the helpers import only
// this module, so they and client.ts never import each other.

import type { Client } from "@connectrpc/connect";

import type { AuthService } from "./gen/streamgate/auth/v1/auth_pb.js";
import type { GateService } from "./gen/streamgate/gate/v1/gate_pb.js";
import type { PlaybackService } from "./gen/streamgate/playback/v1/playback_pb.js";
import type { UploadService } from "./gen/streamgate/upload/v1/upload_pb.js";
import type { VideoService } from "./gen/streamgate/video/v1/video_pb.js";
import type { Session } from "./session.js";

/**
 * The clients and session the helper functions (`signIn`, `upload`,
 * `watchVideo`, `authorize`, `play`, ...) call through. A
 * {@link StreamGate} is one.
 */
export interface StreamGateClients {
  /** The server's base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly auth: Client<typeof AuthService>;
  readonly videos: Client<typeof VideoService>;
  readonly uploads: Client<typeof UploadService>;
  readonly gate: Client<typeof GateService>;
  readonly playback: Client<typeof PlaybackService>;
  /** The fetch used for presigned part uploads. */
  readonly fetch: typeof globalThis.fetch;
  /**
   * Origins (`scheme://host[:port]`) whose sign-in messages this client
   * may have a wallet sign; see `StreamGateOptions.signInOrigins`.
   */
  readonly signInOrigins: readonly string[];
  /** @internal */
  readonly session: Session;
}
