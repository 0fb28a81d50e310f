// PUTs a part's bytes to its presigned URL: XMLHttpRequest in browsers,
// for upload progress, fetch elsewhere.

import type { StreamGateClients } from "./types.js";
import type { PresignedPart } from "./gen/streamgate/upload/v1/upload_pb.js";

// Headers a browser refuses to set; the browser sends them itself.
const forbidden = new Set(["content-length", "host", "connection", "expect"]);

/**
 * PUTs body to a presigned part URL with the headers it was signed with,
 * reporting bytes sent; rejects with {@link Refused} on an error status.
 */
export function put(
  sg: StreamGateClients,
  part: PresignedPart,
  body: Uint8Array<ArrayBuffer>,
  signal: AbortSignal | undefined,
  progress: (loaded: number) => void,
): Promise<void> {
  const headers = Object.entries(part.headers).filter(([k]) => !forbidden.has(k.toLowerCase()));
  // XMLHttpRequest reports upload progress; fetch does not.
  if (typeof XMLHttpRequest !== "undefined") return xhrPut(part.url, headers, body, signal, progress);
  return sg
    .fetch(part.url, { method: "PUT", headers, body, signal })
    .then(async (res) => {
      if (!res.ok) throw new Refused(res.status, (await res.text()).slice(0, 300));
      progress(body.byteLength);
    });
}

function xhrPut(
  url: string,
  headers: [string, string][],
  body: Uint8Array<ArrayBuffer>,
  signal: AbortSignal | undefined,
  progress: (loaded: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    signal?.addEventListener("abort", abort, { once: true });
    xhr.onloadend = () => signal?.removeEventListener("abort", abort);
    xhr.open("PUT", url);
    for (const [k, v] of headers) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => progress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(body.byteLength);
        resolve();
      } else reject(new Refused(xhr.status, xhr.responseText.slice(0, 300)));
    };
    // A CORS refusal looks like this too: the bucket must allow the origin.
    xhr.onerror = () => reject(new Error("network error sending part (is CORS set on the bucket?)"));
    xhr.onabort = () => reject(signal?.reason ?? new Error("aborted"));
    xhr.send(body);
  });
}

/** The object store answered a PUT with an error status. */
export class Refused extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`object store answered ${status}: ${body}`);
  }
}
