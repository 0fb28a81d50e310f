// Package streamgate is the Go SDK for StreamGate, token-gated video
// delivery. It wraps the generated Connect clients with the helpers an
// integration needs: sign in with a wallet key (SIWE done for you, tokens
// refreshed automatically), upload a file with parallel, checksummed,
// resumable parts, wait until a video is ready, and authorize playback.
//
// Every error is a *connect.Error; branch on connect.CodeOf(err).
package streamgate
