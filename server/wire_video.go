package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/server/video"
)

func wireVideo(m *mounter) error {
	svc := video.New(m.cfg.Svc.Video, video.Deps{
		Store: m.deps.Store, S3: m.deps.S3, Bucket: m.deps.Bucket, Log: m.deps.Log,
		Listener: m.notifications(),
	})
	path, h := videov1connect.NewVideoServiceHandler(svc, m.opts...)
	m.handle(videov1connect.VideoServiceName, path, h)
	return nil
}
