// Package video serves streamgate.video.v1.VideoService: the video catalog.
package video

import (
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
)

// Service implements videov1connect.VideoServiceHandler.
type Service struct {
	videov1connect.UnimplementedVideoServiceHandler
}

// New returns the service.
func New() *Service { return &Service{} }
