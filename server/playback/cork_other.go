//go:build !linux

package playback

import (
	"errors"
	"net"
)

// setCork: TCP_CORK is Linux's; elsewhere answers go uncorked.
func setCork(*net.TCPConn, bool) error { return errors.ErrUnsupported }
