package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/upload"
)

// uploadFlags registers the upload service's flags.
func uploadFlags(_ *flag.FlagSet, _ *upload.Config) {}

// validateUpload checks the upload service's settings.
func validateUpload(_ *upload.Config) error { return nil }
