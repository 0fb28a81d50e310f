//go:build !linux

package upload

import (
	"errors"
	"os"
	"time"
)

var errNoLeases = errors.New("file leases are Linux only")

func holdOpens(*os.File) error    { return errNoLeases }
func releaseOpens(*os.File) error { return errNoLeases }

// leaseBreak is zero: without leases, no probe starts before its file is
// complete.
func leaseBreak() time.Duration { return 0 }
