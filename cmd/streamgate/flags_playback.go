package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/playback"
)

// playbackFlags registers the playback service's flags.
func playbackFlags(_ *flag.FlagSet, _ *playback.Config) {}

// validatePlayback checks the playback service's settings.
func validatePlayback(_ *playback.Config) error { return nil }
