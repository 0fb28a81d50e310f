package video

import (
	"errors"
	"fmt"
)

// Config is the service's own settings, filled in by cmd/streamgate.
// Deleted videos' objects are removed by server/objectgc, and change
// notifications come from the server's db.Listener.
type Config struct {
	// WatchMaxPerIP caps the WatchVideo streams one client address holds
	// open on this process at once.
	WatchMaxPerIP int
	// WatchMaxPerVideo caps the WatchVideo streams of one video on this
	// process at once.
	WatchMaxPerVideo int
	// ClientIPHeader, when set, names the header a trusted reverse proxy
	// sets to the client's IP (its last entry counts); empty: the TCP peer.
	// cmd/streamgate passes sign-in's --auth-client-ip-header.
	ClientIPHeader string
}

// DefaultConfig is the settings cmd/streamgate starts from.
func DefaultConfig() Config {
	return Config{WatchMaxPerIP: 64, WatchMaxPerVideo: 1000}
}

// Validate reports every bad setting at once, each named by its flag.
func (c Config) Validate() error {
	var errs []error
	if c.WatchMaxPerIP < 1 {
		errs = append(errs, fmt.Errorf("--video-watch-max-per-ip %d: want at least 1", c.WatchMaxPerIP))
	}
	if c.WatchMaxPerVideo < 1 {
		errs = append(errs, fmt.Errorf("--video-watch-max-per-video %d: want at least 1", c.WatchMaxPerVideo))
	}
	return errors.Join(errs...)
}
