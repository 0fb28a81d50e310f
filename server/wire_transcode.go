package server

import (
	"github.com/streamgate/streamgate/gen/streamgate/transcode/v1/transcodev1connect"
	"github.com/streamgate/streamgate/server/transcode"
)

func wireTranscode(m *mounter) error {
	path, h := transcodev1connect.NewTranscodeServiceHandler(transcode.New(), m.opts...)
	m.handle(transcodev1connect.TranscodeServiceName, path, h)
	return nil
}
