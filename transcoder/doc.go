// Package transcoder is the transcode worker: it claims jobs from a
// StreamGate server over TranscodeService, downloads the original from a
// presigned URL, encodes the whole HLS ladder in one ffmpeg run (one
// decode, one scaler per rendition, AES-128 segments), uploads the
// outputs to presigned URLs under the attempt's prefix and completes the
// job. It needs no database or storage credentials: only the server URL
// and a worker token. It imports gen/ and media/ (the one ffprobe, shared
// with the server's upload checks) and never server/ or db/.
package transcoder
