// Following a video's status through VideoService.WatchVideo.

import { Code, ConnectError } from "@connectrpc/connect";

import type { StreamGateClients } from "./types.js";
import { Status } from "./gen/streamgate/video/v1/video_pb.js";
import type { Video } from "./gen/streamgate/video/v1/video_pb.js";

/**
 * Yields the video now and after every change until the stream ends or
 * `signal` aborts. Leaving the loop early (break, return, throw) closes
 * the stream.
 */
export async function* watchVideo(sg: StreamGateClients, id: string, signal?: AbortSignal): AsyncGenerator<Video> {
  // Connect's iterator does not cancel the HTTP stream when a consumer
  // stops iterating, so abort it ourselves.
  const ctl = new AbortController();
  const stop = () => ctl.abort(signal?.reason);
  signal?.addEventListener("abort", stop, { once: true });
  if (signal?.aborted) stop();
  try {
    for await (const res of sg.videos.watchVideo({ id }, { signal: ctl.signal })) {
      if (res.video) yield res.video;
    }
  } finally {
    signal?.removeEventListener("abort", stop);
    ctl.abort();
  }
}

/**
 * Resolves with the video once it is READY; rejects with FailedPrecondition
 * (carrying the server's reason) when it FAILED. `onUpdate` sees every state.
 */
export async function waitUntilReady(
  sg: StreamGateClients,
  id: string,
  opts: { signal?: AbortSignal; onUpdate?: (v: Video) => void } = {},
): Promise<Video> {
  for await (const v of watchVideo(sg, id, opts.signal)) {
    opts.onUpdate?.(v);
    if (v.status === Status.READY) return v;
    if (v.status === Status.FAILED) {
      throw new ConnectError(`video ${id} failed: ${v.failureReason || "no reason given"}`, Code.FailedPrecondition);
    }
  }
  opts.signal?.throwIfAborted();
  throw new ConnectError(`watch of video ${id} ended before it was ready`, Code.Unavailable);
}
