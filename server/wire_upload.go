package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
)

func wireUpload(m *mounter) error {
	// The transcode queue's settings are its owner's, hosted here or not.
	queue, err := transcode.NewQueue(m.cfg.Svc.Transcode)
	if err != nil {
		return err
	}
	svc, err := upload.New(m.cfg.Svc.Upload, upload.Deps{
		Store: m.deps.Store, S3: m.deps.S3, Bucket: m.deps.Bucket, Log: m.deps.Log, Queue: queue,
	})
	if err != nil {
		return err
	}
	path, h := uploadv1connect.NewUploadServiceHandler(svc, m.opts...)
	m.handle(uploadv1connect.UploadServiceName, path, svc.StreamTimeouts(h))
	m.life.Add("upload: sweep", svc.Run)
	return nil
}
