package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	"github.com/streamgate/streamgate/server/upload"
)

func wireUpload(m *mounter) error {
	svc := upload.New(m.cfg.Svc.Upload, upload.Deps{
		Store: m.deps.Store, S3: m.deps.S3, Bucket: m.deps.Bucket, Log: m.deps.Log,
	})
	path, h := uploadv1connect.NewUploadServiceHandler(svc, m.opts...)
	m.handle(uploadv1connect.UploadServiceName, path, h)
	m.life.Add("upload: sweep", svc.Run)
	return nil
}
