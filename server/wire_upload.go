package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	"github.com/streamgate/streamgate/server/upload"
)

func wireUpload(m *mounter) error {
	path, h := uploadv1connect.NewUploadServiceHandler(upload.New(), m.opts...)
	m.handle(uploadv1connect.UploadServiceName, path, h)
	return nil
}
