package server

import (
	"errors"

	"github.com/streamgate/streamgate/gen/streamgate/transcode/v1/transcodev1connect"
	"github.com/streamgate/streamgate/server/transcode"
)

func wireTranscode(m *mounter) error {
	if m.deps.Store == nil || m.deps.S3 == nil {
		return errors.New("the transcode service needs PostgreSQL and S3")
	}
	cfg := m.cfg.Svc.Transcode
	svc, err := transcode.New(cfg, m.deps.Store, transcode.S3{Client: m.deps.S3, Bucket: m.deps.Bucket}, m.deps.Log)
	if err != nil {
		return err
	}
	svc.WakeOn(m.notifications())
	m.life.Add("transcode: rescue", svc.Run)
	// Worker auth runs outside the session interceptor (a worker token is
	// not a wallet session) and inside the error table, which maps its
	// refusal. Workers' calls continue the job's trace.
	path, h := transcodev1connect.NewTranscodeServiceHandler(svc,
		m.optionsTraced(m.tracedTrusted, transcode.NewWorkerAuth(cfg.WorkerTokens))...)
	m.handle(transcodev1connect.TranscodeServiceName, path, h)
	return nil
}
