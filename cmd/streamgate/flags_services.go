package main

import (
	"flag"

	"github.com/streamgate/streamgate/server"
)

// registerServiceFlags adds each service's own flags.
func registerServiceFlags(_ *flag.FlagSet, _ *server.ServiceConfig) {}

// validateServiceConfig checks each service's settings.
func validateServiceConfig(_ *server.ServiceConfig) error { return nil }
