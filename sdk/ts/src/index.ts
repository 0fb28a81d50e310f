/**
 * StreamGate TypeScript SDK: sign in with a wallet, upload resumably,
 * follow processing, and play token-gated HLS, in browsers and Node.
 *
 * @packageDocumentation
 */

export { StreamGate } from "./client.js";
export type { StreamGateOptions } from "./client.js";
export type { Tokens } from "./session.js";
export { signIn } from "./signin.js";
export type { Eip1193Provider, MessageSigningAccount, SignInOptions, SignInResult } from "./signin.js";
export { SiweChallengeError, checkSiweMessage, parseSiweMessage } from "./siwe.js";
export type { SiweExpectation, SiweMessage } from "./siwe.js";
export type { StreamGateClients } from "./types.js";
export { upload } from "./upload.js";
export type { UploadOptions, UploadProgress } from "./upload.js";
export { MemoryStore, defaultStore } from "./resume.js";
export type { ResumeRecord, UploadStore } from "./resume.js";
export { sha256Hex, sha256Base64, sha256PartBase64 } from "./hash.js";
export { checkPartSize, compositeSha256, defaultPartSize, hashParts, maxPartSize, minPartSize, partSizeFor } from "./parts.js";
export type { HashPartsOptions, PartDigests } from "./parts.js";
export { watchVideo, waitUntilReady } from "./watch.js";
export { authorize, renew } from "./playback.js";
export type { PlaybackGrant } from "./playback.js";
export { play, withToken } from "./hls.js";
export type { HlsClass, HlsInstance, Playback, PlayOptions } from "./hls.js";
export { Code, ConnectError } from "@connectrpc/connect";

// The generated messages and services, for direct use of the clients.
export * as authv1 from "./gen/streamgate/auth/v1/auth_pb.js";
export * as videov1 from "./gen/streamgate/video/v1/video_pb.js";
export * as uploadv1 from "./gen/streamgate/upload/v1/upload_pb.js";
export * as gatev1 from "./gen/streamgate/gate/v1/gate_pb.js";
export * as playbackv1 from "./gen/streamgate/playback/v1/playback_pb.js";
export * as webhookv1 from "./gen/streamgate/webhook/v1/webhook_pb.js";
