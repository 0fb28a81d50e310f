// Package transcode serves streamgate.transcode.v1.TranscodeService: the worker-facing transcode queue.
package transcode

import (
	"github.com/streamgate/streamgate/gen/streamgate/transcode/v1/transcodev1connect"
)

// Service implements transcodev1connect.TranscodeServiceHandler.
type Service struct {
	transcodev1connect.UnimplementedTranscodeServiceHandler
}

// New returns the service.
func New() *Service { return &Service{} }
