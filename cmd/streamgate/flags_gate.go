package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/gate"
)

// gateFlags registers the gate service's flags.
func gateFlags(_ *flag.FlagSet, _ *gate.Config) {}

// validateGate checks the gate service's settings.
func validateGate(_ *gate.Config) error { return nil }
