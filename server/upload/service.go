// Package upload serves streamgate.upload.v1.UploadService: resumable, checksummed uploads into object storage.
package upload

import (
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
)

// Service implements uploadv1connect.UploadServiceHandler.
type Service struct {
	uploadv1connect.UnimplementedUploadServiceHandler
}

// New returns the service.
func New() *Service { return &Service{} }
