package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/tracing"
	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/metrics"
	"github.com/streamgate/streamgate/server/playback"
)

func serve(ctx context.Context, args []string) error {
	cfg, err := parseConfig("serve", args)
	if err != nil {
		return err
	}
	tr, err := startTracing(ctx)
	if err != nil {
		return err
	}
	defer stopTracing(tr)
	log := cfg.logger()
	if tr.Enabled() {
		log = slog.New(tracing.LogHandler(log.Handler()))
	}
	pool, err := connectPostgres(ctx, cfg, tr)
	if err != nil {
		return err
	}
	defer pool.Close()
	if cfg.Migrate {
		if err := db.Migrate(ctx, pool, log); err != nil {
			return err
		}
	}
	rdb, err := connectRedis(cfg)
	if err != nil {
		return err
	}
	defer rdb.Close()
	s3, err := connectS3(ctx, cfg, log, tr)
	if err != nil {
		return err
	}
	chains, err := chain.New(ctx, cfg.Chains, log)
	if err != nil {
		return fmt.Errorf("chains: %w", err)
	}
	defer chains.Close()
	cfg.Config.Web = cfg.webConfig()
	srv, err := server.New(cfg.Config, server.Deps{
		Log: log, Store: db.NewStore(pool).WithQueryTimeout(cfg.Outage.DBQuery), Redis: rdb, S3: s3, Bucket: cfg.S3Bucket,
		Metrics: metrics.New(), Chains: chains, Tracing: tr,
	})
	if err != nil {
		return err
	}
	defer srv.Close()
	return listenAndServe(ctx, cfg, srv, log)
}

// startTracing sets up OpenTelemetry from the standard OTEL_* variables
// (off when they ask for no exporter).
func startTracing(ctx context.Context) (*tracing.Provider, error) {
	tc, err := tracing.FromEnv(os.Getenv, "streamgate")
	if err != nil {
		return nil, err
	}
	return tracing.New(ctx, tc)
}

// stopTracing exports the spans still buffered, for at most 5 s.
func stopTracing(tr *tracing.Provider) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = tr.Shutdown(ctx)
}

// listenAndServe serves HTTP/1.1 and HTTP/2 (h2c in clear, h2 over TLS)
// until ctx ends, then drains in-flight requests.
func listenAndServe(ctx context.Context, cfg *Config, h http.Handler, log interface {
	Info(string, ...any)
}) error {
	// Long-lived streams (WatchVideo) would hold the drain to its timeout:
	// half-way through it their context is cancelled, so they end and
	// clients reconnect elsewhere, while short calls finish untouched.
	base, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetHTTP2(true)
	protocols.SetUnencryptedHTTP2(true)
	// No ReadTimeout or WriteTimeout: they bound a whole request, and
	// UploadStream and WatchVideo run as long as they make progress
	// (UploadStream bounds its own silences). What is bounded here is
	// what no request needs: slow headers, idle keep-alives, and HTTP/2
	// peers that went away without a word (a ping finds them), or that
	// stop reading what is written to them.
	hs := &http.Server{
		Handler:           h,
		Protocols:         &protocols,
		ReadHeaderTimeout: cfg.HTTPHeaderTimeout,
		IdleTimeout:       cfg.HTTPIdleTimeout,
		HTTP2: &http.HTTP2Config{
			SendPingTimeout:  cfg.HTTP2PingAfter,
			PingTimeout:      cfg.HTTP2PingTimeout,
			WriteByteTimeout: cfg.HTTP2PingAfter + cfg.HTTP2PingTimeout,
		},
		BaseContext: func(net.Listener) context.Context { return base },
		// /play corks segment answers on their TCP connection.
		ConnContext: playback.ConnContext,
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			hs.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
			errc <- hs.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey)
			return
		}
		errc <- hs.Serve(ln)
	}()
	log.Info("serving", "addr", ln.Addr().String(), "public_url", cfg.PublicURL, "tls", cfg.TLSCert != "")
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests", "timeout", cfg.ShutdownWait)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownWait)
	defer cancel()
	streams := time.AfterFunc(cfg.ShutdownWait/2, cancelBase)
	defer streams.Stop()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("drain: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func migrate(ctx context.Context, args []string) error {
	cfg, err := parseConfig("migrate", args)
	if err != nil {
		return err
	}
	pool, err := connectPostgres(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer pool.Close()
	return db.Migrate(ctx, pool, cfg.logger())
}
