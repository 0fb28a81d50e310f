package server

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/playback"
	"github.com/streamgate/streamgate/server/revoke"
)

// wireRevoke starts the chain watcher's parts once per process hosting
// the gate or playback, when --revoke-watch is set: the broadcast
// subscription that drops this replica's remembered answers, and the
// watcher, which scans only on the replica holding its lease.
func (m *mounter) wireRevoke() error {
	cfg := m.cfg.Svc.Revoke
	if !cfg.Enabled || m.revoking {
		return nil
	}
	m.revoking = true
	if m.deps.Redis == nil || m.deps.Store == nil {
		return errors.New("--revoke-watch needs Redis and PostgreSQL")
	}
	g, err := m.gateChecker()
	if err != nil {
		return err
	}
	bus := revoke.NewBus(cfg, m.deps.Redis, g, m.deps.Log)
	chains := revoke.ChainsFunc(func(id uint64) (revoke.Chain, error) { return m.deps.Chains.Chain(id) })
	w, err := revoke.NewWatcher(cfg, m.deps.Store.WithQueryTimeout(m.cfg.Outage.DBQuery), chains, g, bus, m.deps.Log)
	if err != nil {
		return err
	}
	m.life.Add("revoke: subscribe", bus.Run)
	m.life.Add("revoke: watch", w.Run)
	return nil
}

// grants records playback grants for the watcher; nil when it is off.
func (m *mounter) grants() playback.Grants {
	if !m.cfg.Svc.Revoke.Enabled || m.deps.Store == nil {
		return nil
	}
	return grantStore{m.deps.Store}
}

type grantStore struct{ s *db.Store }

func (g grantStore) RecordGrant(ctx context.Context, id uuid.UUID, wallet string, expires time.Time) error {
	return g.s.RecordPlaybackGrant(ctx, dbq.RecordPlaybackGrantParams{VideoID: id, Wallet: wallet, ExpiresAt: expires})
}
