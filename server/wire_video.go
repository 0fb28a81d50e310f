package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/server/video"
)

func wireVideo(m *mounter) error {
	path, h := videov1connect.NewVideoServiceHandler(video.New(), m.opts...)
	m.handle(videov1connect.VideoServiceName, path, h)
	return nil
}
