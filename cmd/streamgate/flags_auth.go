package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/auth"
)

// authFlags registers the auth service's flags.
func authFlags(_ *flag.FlagSet, _ *auth.Config) {}

// validateAuth checks the auth service's settings.
func validateAuth(_ *auth.Config) error { return nil }
