package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/transcode"
)

// transcodeFlags registers the transcode service's flags.
func transcodeFlags(_ *flag.FlagSet, _ *transcode.Config) {}

// validateTranscode checks the transcode service's settings.
func validateTranscode(_ *transcode.Config) error { return nil }
