package main

import (
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/transcode"
)

// transcodeFlags registers the transcode service's flags.
func transcodeFlags(fs *flag.FlagSet, c *transcode.Config) {
	fs.Func("worker-tokens", "comma-separated bearer tokens transcoder workers may use (TranscodeService refuses every call without one)", func(v string) error {
		c.WorkerTokens = splitList(v)
		return nil
	})
	fs.Func("key-master", "base64 of 32 random bytes sealing HLS content keys at rest (unset: an insecure development key, with a warning)", func(v string) error {
		k, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(k) != hlskey.MasterKeySize {
			return fmt.Errorf("want base64 of %d bytes (openssl rand -base64 32)", hlskey.MasterKeySize)
		}
		c.Keys = hlskey.Config{MasterKey: k}
		return nil
	})
	fs.DurationVar(&c.Lease, "transcode-lease", 30*time.Second, "how long a claim or heartbeat holds a transcode job")
	fs.DurationVar(&c.BackoffBase, "transcode-backoff", 10*time.Second, "delay before the first retry of a failed attempt; doubles per attempt, with jitter")
	fs.DurationVar(&c.BackoffMax, "transcode-backoff-max", 10*time.Minute, "longest delay between attempts")
	fs.DurationVar(&c.RescueInterval, "transcode-rescue-interval", 5*time.Second, "how often expired leases are returned to the queue")
	fs.DurationVar(&c.PollInterval, "transcode-poll-interval", 2*time.Second, "longest sleep of a waiting ClaimJob between looks at the queue")
	fs.DurationVar(&c.URLExpiry, "transcode-url-expiry", time.Hour, "lifetime of presigned source and output URLs")
}

// validateTranscode checks the transcode service's settings.
func validateTranscode(c *transcode.Config) error {
	var errs []error
	for _, t := range c.WorkerTokens {
		if len(t) < 16 {
			errs = append(errs, errors.New("--worker-tokens: every token must be at least 16 characters"))
			break
		}
	}
	if len(c.Keys.MasterKey) == 0 {
		c.Keys = hlskey.Config{MasterKey: hlskey.DevMasterKey(), Insecure: true}
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"--transcode-lease", c.Lease}, {"--transcode-backoff", c.BackoffBase}, {"--transcode-backoff-max", c.BackoffMax},
		{"--transcode-rescue-interval", c.RescueInterval}, {"--transcode-poll-interval", c.PollInterval}, {"--transcode-url-expiry", c.URLExpiry}} {
		if d.v <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive", d.name))
		}
	}
	return errors.Join(errs...)
}
