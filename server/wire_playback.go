package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/server/playback"
)

func wirePlayback(m *mounter) error {
	path, h := playbackv1connect.NewPlaybackServiceHandler(playback.New(), m.opts...)
	m.handle(playbackv1connect.PlaybackServiceName, path, h)
	return nil
}
