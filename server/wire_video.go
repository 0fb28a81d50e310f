package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/server/video"
)

func wireVideo(m *mounter) error {
	cfg := m.cfg.Svc.Video
	// WatchVideo counts streams per client address the way sign-in's
	// rate limits do: behind the same trusted proxy header, if any.
	cfg.ClientIPHeader = m.cfg.Svc.Auth.ClientIPHeader
	svc, err := video.New(cfg, video.Deps{
		Store: m.deps.Store, S3: m.deps.S3, Bucket: m.deps.Bucket, Log: m.deps.Log,
		Listener: m.notifications(),
	})
	if err != nil {
		return err
	}
	path, h := videov1connect.NewVideoServiceHandler(svc, m.opts...)
	m.handle(videov1connect.VideoServiceName, path, h)
	return nil
}
