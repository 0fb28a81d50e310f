package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/video"
)

// videoFlags registers the video service's flags.
func videoFlags(_ *flag.FlagSet, _ *video.Config) {}

// validateVideo checks the video service's settings.
func validateVideo(_ *video.Config) error { return nil }
