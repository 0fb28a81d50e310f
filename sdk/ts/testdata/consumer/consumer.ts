// A user's code, type-checked against the packed package only
// (TestNode/pack): everything a user imports must be in the tarball.
import { Code, ConnectError, MemoryStore, StreamGate, play, videov1 } from "@streamgate/sdk";
import type { PlaybackGrant, Tokens, UploadOptions, UploadProgress } from "@streamgate/sdk";

export async function example(file: File, media: HTMLVideoElement, Hls: new () => {
  loadSource(u: string): void;
  attachMedia(m: HTMLMediaElement): void;
  destroy(): void;
}): Promise<PlaybackGrant> {
  const saved: Tokens | undefined = undefined;
  const sg = new StreamGate({ baseUrl: "https://api.example", tokens: saved });
  const opts: UploadOptions = {
    store: new MemoryStore(),
    onProgress: (p: UploadProgress) => console.log(p.phase, p.loaded / p.total),
  };
  const { video } = await sg.videos.createVideo({ title: "t", visibility: videov1.Visibility.PUBLIC });
  if (!video) throw new ConnectError("no video", Code.Internal);
  await sg.upload(video.id, file, opts);
  const ready: videov1.Video = await sg.waitUntilReady(video.id);
  await play(sg, { Hls, media, videoId: ready.id });
  return sg.authorize(video.id);
}
