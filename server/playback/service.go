// Package playback serves streamgate.playback.v1.PlaybackService: signed, expiring playback URLs.
package playback

import (
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
)

// Service implements playbackv1connect.PlaybackServiceHandler.
type Service struct {
	playbackv1connect.UnimplementedPlaybackServiceHandler
}

// New returns the service.
func New() *Service { return &Service{} }
