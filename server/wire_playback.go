package server

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/playback"
)

func wirePlayback(m *mounter) error {
	keys, err := m.keySet()
	if err != nil {
		return err
	}
	master := m.cfg.Svc.Transcode.Keys
	if len(master.MasterKey) == 0 {
		master = hlskey.Config{MasterKey: hlskey.DevMasterKey(), Insecure: true}
	}
	svc, err := playback.New(m.cfg.Svc.Playback, playback.Deps{
		Log:       m.deps.Log,
		Videos:    m.deps.Store,
		Objects:   minio.Core{Client: m.deps.S3},
		Bucket:    m.deps.Bucket,
		Signer:    keys,
		Gate:      playbackGate(m),
		Keys:      hlskey.New(master, m.deps.Store.Queries),
		PublicURL: m.cfg.PublicURL,
		Metrics:   m.deps.Metrics.Registerer(),
	})
	if err != nil {
		return err
	}
	path, h := playbackv1connect.NewPlaybackServiceHandler(svc, m.opts...)
	m.handle(playbackv1connect.PlaybackServiceName, path, h)
	svc.Mount(m.mux)
	return nil
}

// playbackGate is the gate playback asks. Until the gate's checker is
// wired here, every non-owner is refused as Unavailable: fail closed.
func playbackGate(_ *mounter) playback.Gate {
	return playback.GateFunc(func(context.Context, uuid.UUID, string) (playback.Decision, error) {
		return playback.Decision{}, fmt.Errorf("%w: no gate checker on this server", playback.ErrGateUnavailable)
	})
}
