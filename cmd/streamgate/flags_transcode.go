package main

import (
	"encoding/base64"
	"flag"
	"fmt"

	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/transcode"
)

// transcodeFlags registers the transcode service's flags; their defaults
// are c's.
func transcodeFlags(fs *flag.FlagSet, c *transcode.Config) {
	fs.Var(listFlag{&c.WorkerTokens}, "worker-tokens", "comma-separated bearer tokens transcoder workers may use (TranscodeService refuses every call without one)")
	fs.IntVar(&c.MaxAttempts, "transcode-max-attempts", c.MaxAttempts, "attempts a transcode job gets before it is dead (set on the job when an upload completes)")
	fs.DurationVar(&c.Lease, "transcode-lease", c.Lease, "how long a claim or heartbeat holds a transcode job")
	fs.DurationVar(&c.BackoffBase, "transcode-backoff", c.BackoffBase, "delay before the first retry of a failed attempt; doubles per attempt, with jitter")
	fs.DurationVar(&c.BackoffMax, "transcode-backoff-max", c.BackoffMax, "longest delay between attempts")
	fs.DurationVar(&c.RescueInterval, "transcode-rescue-interval", c.RescueInterval, "how often expired leases are returned to the queue")
	fs.DurationVar(&c.PollInterval, "transcode-poll-interval", c.PollInterval, "longest sleep of a waiting ClaimJob between looks at the queue")
	fs.DurationVar(&c.URLExpiry, "transcode-url-expiry", c.URLExpiry, "lifetime of presigned source and output URLs")
}

// contentKeyFlags registers the master key of HLS content keys, shared by
// transcode and playback; unset, it is the insecure development key.
func contentKeyFlags(fs *flag.FlagSet, c *hlskey.Config) {
	fs.Var(parsed(c, parseMasterKey, formatMasterKey), "key-master", "base64 of 32 random bytes sealing HLS content keys and webhook endpoints' secrets at rest (unset: an insecure development key, with a warning)")
}

// parseMasterKey reads --key-master: base64 of the 32-byte master key.
func parseMasterKey(v string) (hlskey.Config, error) {
	k, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(k) != hlskey.MasterKeySize {
		return hlskey.Config{}, fmt.Errorf("want base64 of %d bytes (openssl rand -base64 32)", hlskey.MasterKeySize)
	}
	return hlskey.Config{MasterKey: k}, nil
}

// formatMasterKey prints a configured key, and nothing for the insecure
// development key (the flag unset).
func formatMasterKey(c hlskey.Config) string {
	if c.Insecure {
		return ""
	}
	return base64.StdEncoding.EncodeToString(c.MasterKey)
}
