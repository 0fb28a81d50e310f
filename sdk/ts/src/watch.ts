// Following a video's status through VideoService.WatchVideo.

import { Code, ConnectError } from "@connectrpc/connect";

import type { StreamGate } from "./client.js";
import { Status } from "./gen/streamgate/video/v1/video_pb.js";
import type { Video } from "./gen/streamgate/video/v1/video_pb.js";

/** Yields the video now and after every change until the stream ends or `signal` aborts. */
export async function* watchVideo(sg: StreamGate, id: string, signal?: AbortSignal): AsyncGenerator<Video> {
  for await (const res of sg.videos.watchVideo({ id }, { signal })) {
    if (res.video) yield res.video;
  }
}

/**
 * Resolves with the video once it is READY; rejects with FailedPrecondition
 * (carrying the server's reason) when it FAILED. `onUpdate` sees every state.
 */
export async function waitUntilReady(
  sg: StreamGate,
  id: string,
  opts: { signal?: AbortSignal; onUpdate?: (v: Video) => void } = {},
): Promise<Video> {
  // Abort the stream once we return, so the server stops sending.
  const ctl = new AbortController();
  const stop = () => ctl.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", stop, { once: true });
  try {
    for await (const v of watchVideo(sg, id, ctl.signal)) {
      opts.onUpdate?.(v);
      if (v.status === Status.READY) return v;
      if (v.status === Status.FAILED) {
        throw new ConnectError(`video ${id} failed: ${v.failureReason || "no reason given"}`, Code.FailedPrecondition);
      }
    }
  } finally {
    opts.signal?.removeEventListener("abort", stop);
    ctl.abort();
  }
  opts.signal?.throwIfAborted();
  throw new ConnectError(`watch of video ${id} ended before it was ready`, Code.Unavailable);
}
