package server

import (
	"errors"
	"fmt"
	"strings"

	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/objectgc"
	"github.com/streamgate/streamgate/server/outage"
	"github.com/streamgate/streamgate/server/playback"
	"github.com/streamgate/streamgate/server/revoke"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
	"github.com/streamgate/streamgate/server/video"
	"github.com/streamgate/streamgate/server/web"
	"github.com/streamgate/streamgate/server/webhook"
)

// DefaultConfig is the settings cmd/streamgate starts from (its flags'
// defaults): every service hosted, any browser origin, each service's
// own DefaultConfig.
func DefaultConfig() Config {
	return Config{
		CORSOrigins:  []string{"*"},
		ReadMaxBytes: 5 << 20,
		RedisPrefix:  "sg:",
		ContentKeys:  hlskey.DefaultConfig(),
		Web:          web.DefaultConfig(),
		Outage:       outage.DefaultConfig(),
		Svc: ServiceConfig{
			Auth:      auth.DefaultConfig(),
			Video:     video.DefaultConfig(),
			Upload:    upload.DefaultConfig(),
			Gate:      gate.DefaultConfig(),
			Playback:  playback.DefaultConfig(),
			Transcode: transcode.DefaultConfig(),
			ObjectGC:  objectgc.DefaultConfig(),
			Webhook:   webhook.DefaultConfig(),
			Revoke:    revoke.DefaultConfig(),
		},
	}
}

// Validate reports every bad setting at once, each named by its flag.
// Every service's settings are checked, hosted or not: one config runs
// every split of the same deployment.
func (c Config) Validate() error {
	errs := []error{checkServices(c.Services)}
	if c.ReadMaxBytes < 1<<16 {
		errs = append(errs, fmt.Errorf("--read-max-bytes %d is below 64 KiB", c.ReadMaxBytes))
	}
	if strings.ContainsAny(c.RedisPrefix, "{}") {
		// Redis Cluster hashes the first {...} of a key: a brace in the
		// prefix would override the hash tags the keys carry so that each
		// script's keys share a slot.
		errs = append(errs, fmt.Errorf("--redis-prefix %q: no braces (keys carry their own Redis Cluster hash tags)", c.RedisPrefix))
	}
	s := c.shared()
	return errors.Join(append(errs,
		c.ContentKeys.Validate(),
		c.Web.Validate(),
		c.Outage.Validate(),
		s.Auth.Validate(),
		s.Video.Validate(),
		s.Upload.Validate(),
		s.Gate.Validate(),
		s.Playback.Validate(),
		s.Transcode.Validate(),
		s.ObjectGC.Validate(),
		s.Webhook.Validate(),
		s.Revoke.Validate(),
	)...)
}

// shared returns the services' settings with the shared ones copied into
// the services that use them.
func (c Config) shared() ServiceConfig {
	s := c.Svc
	s.Auth.RedisPrefix = c.RedisPrefix
	s.Gate.RedisPrefix = c.RedisPrefix
	s.Transcode.Keys = c.ContentKeys
	s.Webhook.Keys = c.ContentKeys
	s.Revoke.RedisPrefix = c.RedisPrefix
	if s.Revoke.Enabled {
		// Transfers, not a timer, end "holds" answers: cache them longer,
		// and ask the gate again at key fetches (answers stay current).
		s.Gate.PositiveTTL = s.Revoke.PositiveTTL
		s.Playback.KeyGate = true
	}
	return s
}
