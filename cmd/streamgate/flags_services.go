package main

import (
	"errors"
	"flag"

	"github.com/streamgate/streamgate/server"
)

// registerServiceFlags adds each service's own flags (flags_<service>.go).
func registerServiceFlags(fs *flag.FlagSet, c *server.ServiceConfig) {
	authFlags(fs, &c.Auth)
	uploadFlags(fs, &c.Upload)
	gateFlags(fs, &c.Gate)
	playbackFlags(fs, &c.Playback)
	transcodeFlags(fs, &c.Transcode)
	objectGCFlags(fs, &c.ObjectGC)
}

// validateServiceConfig checks each service's settings.
func validateServiceConfig(c *server.ServiceConfig) error {
	return errors.Join(
		validateAuth(&c.Auth),
		validateUpload(&c.Upload),
		validateGate(&c.Gate),
		validatePlayback(&c.Playback),
		validateTranscode(&c.Transcode),
		c.ObjectGC.Validate(),
	)
}
