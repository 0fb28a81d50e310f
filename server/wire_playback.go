package server

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"

	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/playback"
)

func wirePlayback(m *mounter) error {
	keys, err := m.keySet()
	if err != nil {
		return err
	}
	g, err := playbackGate(m)
	if err != nil {
		return err
	}
	checker, err := m.gateChecker()
	if err != nil {
		return err
	}
	if err := m.wireRevoke(); err != nil {
		return err
	}
	contentKeys, err := hlskey.New(m.cfg.ContentKeys, m.deps.Store.Queries)
	if err != nil {
		return err
	}
	svc, err := playback.New(m.cfg.Svc.Playback, playback.Deps{
		Log:     m.deps.Log,
		Videos:  m.deps.Store,
		Objects: minio.Core{Client: m.deps.S3},
		Bucket:  m.deps.Bucket,
		Signer:  keys,
		Gate:    g,
		Rules:   checker,
		Keys:    contentKeys,
		// Wallets' tokens are bound to their session, contract wallets'
		// to the chain they proved themselves on.
		Sessions:   m.deps.Store,
		RuleChains: checker,
		Tracks:     m.deps.Store,
		Grants:     m.grants(),
		PublicURL:  m.cfg.PublicURL,
		Metrics:    m.deps.Metrics.Registerer(),
	})
	if err != nil {
		return err
	}
	// A grant is mostly a base64 token, which gzip cannot shrink: skip
	// compressing it.
	opts := append(slices.Clone(m.opts), connect.WithCompressMinBytes(4096))
	path, h := playbackv1connect.NewPlaybackServiceHandler(svc, opts...)
	m.handle(playbackv1connect.PlaybackServiceName, path, h)
	svc.Mount(m.mux)
	// The spool's files go when the server closes.
	m.life.Add("playback: spool", svc.Run)
	m.fronts = append(m.fronts, svc.Route)
	return nil
}

// playbackGate asks the server's one gate checker, in process, whether
// or not this server also hosts GateService.
func playbackGate(m *mounter) (playback.Gate, error) {
	g, err := m.gateChecker()
	if err != nil {
		return nil, err
	}
	return playback.GateFunc(func(ctx context.Context, id uuid.UUID, address string) (playback.Decision, error) {
		d, err := g.Check(ctx, id, address)
		if errors.Is(err, gate.ErrUnavailable) {
			err = fmt.Errorf("%w: %w", playback.ErrGateUnavailable, err)
		}
		return playback.Decision{Allowed: d.Allowed, Reason: d.Reason, Evaluation: d.Evaluation}, err
	}), nil
}
