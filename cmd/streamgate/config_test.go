package main

import (
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/auth"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/objectgc"
	"github.com/streamgate/streamgate/server/playback"
	"github.com/streamgate/streamgate/server/revoke"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
	"github.com/streamgate/streamgate/server/video"
	"github.com/streamgate/streamgate/server/webhook"
)

func TestSignInNamesThePublicURL(t *testing.T) {
	t.Setenv("STREAMGATE_PUBLIC_URL", "")
	c, err := parseConfig("serve", []string{"--public-url", "https://video.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Svc.Auth.Domain != "video.example.com" || c.Svc.Auth.URI != "https://video.example.com" {
		t.Fatalf("domain %q uri %q", c.Svc.Auth.Domain, c.Svc.Auth.URI)
	}
	c, err = parseConfig("serve", []string{"--public-url", "https://video.example.com", "--auth-domain", "app.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Svc.Auth.Domain != "app.example.com" {
		t.Fatalf("explicit --auth-domain lost: %q", c.Svc.Auth.Domain)
	}
	c, err = parseConfig("serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Svc.Auth.Domain != "127.0.0.1:8080" || c.Svc.Auth.URI != "http://127.0.0.1:8080" {
		t.Fatalf("defaults: domain %q uri %q", c.Svc.Auth.Domain, c.Svc.Auth.URI)
	}
}

// TestFlagDefaults holds every flag's default against the DefaultConfig
// of the package that owns the setting, so the two cannot drift; a flag
// missing from the table fails too.
func TestFlagDefaults(t *testing.T) {
	// The defaults, not the environment (make test exports the stack's
	// STREAMGATE_* settings).
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "STREAMGATE_") {
			t.Setenv(k, "")
			_ = os.Unsetenv(k)
		}
	}
	own := defaultConfig()
	srv, ch := server.DefaultConfig(), chain.DefaultConfig()
	au, gc, up := auth.DefaultConfig(), objectgc.DefaultConfig(), upload.DefaultConfig()
	ga, pb, tc := gate.DefaultConfig(), playback.DefaultConfig(), transcode.DefaultConfig()
	vi, wh, rv := video.DefaultConfig(), webhook.DefaultConfig(), revoke.DefaultConfig()
	list := func(l []string) string { return strings.Join(l, ",") }
	want := map[string]any{
		// cmd/streamgate's own settings
		"addr": own.Addr, "tls-cert": own.TLSCert, "tls-key": own.TLSKey, "shutdown-timeout": own.ShutdownWait,
		"http-header-timeout": own.HTTPHeaderTimeout, "http-idle-timeout": own.HTTPIdleTimeout,
		"http2-ping-after": own.HTTP2PingAfter, "http2-ping-timeout": own.HTTP2PingTimeout,
		"log-level": own.LogLevel, "log-format": own.LogFormat, "migrate": own.Migrate,
		"database-url": own.DatabaseURL, "db-max-conns": own.DBMaxConns,
		"redis-addr": own.RedisAddr, "redis-password": own.RedisPassword,
		"s3-endpoint": own.S3Endpoint, "s3-access-key": own.S3AccessKey, "s3-secret-key": own.S3SecretKey,
		"s3-bucket": own.S3Bucket, "s3-region": own.S3Region, "s3-secure": own.S3Secure, "s3-bucket-cors": own.S3BucketCORS,
		// the server's and the shared settings
		"public-url": srv.PublicURL, "services": list(srv.Services), "cors-origins": list(srv.CORSOrigins),
		"read-max-bytes": srv.ReadMaxBytes, "redis-prefix": srv.RedisPrefix, "key-master": "",
		"chain-rpc": "", "chain-block-tag": ch.BlockTag, "chain-call-timeout": ch.CallTimeout,
		"chain-health-interval": ch.HealthInterval, "chain-call-gas": ch.CallGas, "chain-max-head-age": ch.MaxHeadAge,
		"rpc-timeout": srv.Outage.RPC, "rpc-long-timeout": srv.Outage.LongRPC, "play-timeout": srv.Outage.Play,
		"retry-after": srv.Outage.RetryAfter, "db-connect-timeout": srv.Outage.DBConnect,
		"db-query-timeout": srv.Outage.DBQuery, "redis-timeout": srv.Outage.Redis,
		"redis-recheck": srv.Outage.RedisRecheck, "s3-timeout": srv.Outage.S3,
		"chain-multicall-size": ch.MulticallSize,
		"chain-info":           "",
		// the services'
		"auth-domain": au.Domain, "auth-uri": au.URI, "auth-statement": au.Statement, "auth-chain-ids": "31337,1",
		"auth-nonce-ttl": au.NonceTTL, "auth-access-ttl": au.AccessTTL, "auth-refresh-ttl": au.RefreshTTL,
		"auth-clock-skew": au.ClockSkew, "auth-signing-keys": "", "auth-rate-window": au.RateWindow,
		"auth-rate-per-ip": au.RatePerIP, "auth-rate-per-address": au.RatePerAddress,
		"auth-session-cache": au.SessionCacheTTL, "auth-client-ip-header": au.ClientIPHeader,
		"video-watch-max-per-ip": vi.WatchMaxPerIP, "video-watch-max-per-video": vi.WatchMaxPerVideo,
		"object-sweep-interval": gc.Interval, "object-sweep-max-backoff": gc.MaxBackoff,
		"upload-max-bytes": up.MaxSizeBytes, "upload-part-bytes": up.PartSize, "upload-presign-ttl": up.PresignTTL,
		"upload-expiry": up.Expiry, "upload-sweep-interval": up.SweepInterval, "upload-verify-stale": up.VerifyStaleAfter,
		"upload-max-streams": up.MaxStreams, "upload-max-streams-per-wallet": up.MaxStreamsPerWallet,
		"upload-max-completions": up.MaxCompletions, "upload-stream-header-timeout": up.StreamHeaderTimeout, "upload-stream-idle-timeout": up.StreamIdleTimeout, "upload-temp-dir": up.TempDir, "ffprobe": up.FFprobe,
		"probe-timeout": up.ProbeTimeout, "probe-max-width": up.Limits.MaxWidth, "probe-max-height": up.Limits.MaxHeight,
		"probe-max-streams": up.Limits.MaxStreams, "probe-max-duration": up.Limits.MaxDuration,
		"probe-formats": list(up.Limits.Formats), "probe-video-codecs": list(up.Limits.VideoCodecs),
		"probe-audio-codecs": list(up.Limits.AudioCodecs),
		"gate-positive-ttl":  ga.PositiveTTL, "gate-negative-ttl": ga.NegativeTTL, "gate-rule-ttl": ga.RuleTTL,
		"gate-ask-redis-first": ga.AskRedisFirst, "gate-ask-redis-after": ga.AskRedisAfter, "gate-max-chain-calls": ga.MaxChainCalls,
		"gate-check-timeout": ga.CheckTimeout, "gate-max-depth": ga.MaxDepth, "gate-max-conditions": ga.MaxConditions,
		"gate-max-calls-per-check": ga.MaxCallsPerCheck, "gate-max-vaults": ga.MaxVaults, "gate-rule-memo": ga.RuleMemo, "gate-rate-window": ga.RateWindow,
		"gate-rate-per-caller": ga.RatePerCaller, "gate-rate-per-video": ga.RatePerVideo,
		"playback-token-ttl": pb.TokenTTL, "playback-renew-before": pb.RenewBefore,
		"playback-segment-redirect": pb.SegmentRedirect, "playback-presign-ttl": pb.PresignTTL,
		"playback-segment-max-age": pb.SegmentMaxAge, "playback-object-cache-bytes": pb.ObjectCacheBytes,
		"playback-object-cache-ttl": pb.ObjectCacheTTL, "playback-video-cache-ttl": pb.VideoCacheTTL,
		"playback-spool-dir": pb.SpoolDir, "playback-spool-bytes": pb.SpoolBytes,
		"worker-tokens": list(tc.WorkerTokens), "transcode-max-attempts": tc.MaxAttempts, "transcode-lease": tc.Lease,
		"transcode-backoff": tc.BackoffBase, "transcode-backoff-max": tc.BackoffMax,
		"transcode-rescue-interval": tc.RescueInterval, "transcode-poll-interval": tc.PollInterval,
		"transcode-url-expiry": tc.URLExpiry,
		"webhook-workers":      wh.Workers, "webhook-poll-interval": wh.PollInterval,
		"webhook-connect-timeout": wh.ConnectTimeout, "webhook-response-timeout": wh.ResponseTimeout,
		"webhook-max-response-bytes": wh.MaxResponseBytes, "webhook-backoff-base": wh.BackoffBase,
		"webhook-backoff-max": wh.BackoffMax, "webhook-retry-window": wh.RetryWindow,
		"webhook-secret-grace": wh.SecretGrace, "webhook-allow-networks": "", "webhook-retention": wh.Retention,
		"revoke-watch": rv.Enabled, "revoke-poll-interval": rv.PollInterval, "revoke-max-blocks": rv.MaxBlocks,
		"revoke-reorg-depth": rv.ReorgDepth, "revoke-positive-ttl": rv.PositiveTTL, "revoke-redo-after": rv.RedoAfter,
		"revoke-round-timeout": rv.RoundTimeout,
		"web":                  srv.Web.Enabled, "web-connect-src": list(srv.Web.ConnectSrc), "web-csp": srv.Web.CSP,
		"web-frame-ancestors": list(srv.Web.FrameAncestors), "web-embed-frame-ancestors": list(srv.Web.EmbedFrameAncestors),
	}
	c := defaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.flags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		w, ok := want[f.Name]
		switch {
		case !ok:
			t.Errorf("--%s is not in this table", f.Name)
		case f.DefValue != fmt.Sprint(w):
			t.Errorf("--%s defaults to %q, its DefaultConfig to %q", f.Name, f.DefValue, fmt.Sprint(w))
		}
		delete(want, f.Name)
	})
	for name := range want {
		t.Errorf("--%s is in the table but not a flag", name)
	}
	// Parsed without flags, the config is the packages' defaults, the
	// public URL (and sign-in's URI) following --addr.
	parsed, err := parseConfig("serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.PublicURL = "http://" + own.Addr
	if !reflect.DeepEqual(parsed.Config, srv) || !reflect.DeepEqual(parsed.Chains, ch) {
		t.Errorf("parsed defaults differ from DefaultConfig:\n%+v\n%+v", parsed.Config, srv)
	}
}

// TestInvalidValuesNameTheFlag checks that a bad value fails start-up
// with a message naming its flag.
func TestInvalidValuesNameTheFlag(t *testing.T) {
	for _, args := range [][]string{
		{"--tls-cert", "cert.pem"},
		{"--log-format", "xml"},
		{"--db-max-conns", "0"},
		{"--services", "video,nope"},
		{"--read-max-bytes", "1000"},
		{"--redis-prefix", "sg{1}:"},
		{"--redis-addr", " , "},
		{"--key-master", "c2hvcnQ="},
		{"--chain-rpc", "1=ftp://x"},
		{"--chain-block-tag", "pending"},
		{"--chain-call-timeout", "0s"},
		{"--chain-max-head-age", "-1s"},
		{"--chain-multicall-size", "0"},
		{"--chain-info", "1=Ethereum|ftp://x"},
		{"--chain-info", "one=Ethereum"},
		{"--auth-uri", "not a uri"},
		{"--auth-chain-ids", "0"},
		{"--auth-nonce-ttl", "0s"},
		{"--auth-refresh-ttl", "-1h"},
		{"--auth-rate-per-ip", "0"},
		{"--auth-signing-keys", "k1=short"},
		{"--video-sweep-interval", "0s"},
		{"--upload-part-bytes", "1024"},
		{"--upload-max-bytes", "0"},
		{"--upload-presign-ttl", "200h"},
		{"--upload-max-streams", "0"},
		{"--upload-max-streams-per-wallet", "0"},
		{"--upload-stream-idle-timeout", "0s"},
		{"--upload-stream-header-timeout", "-1s"},
		{"--upload-max-completions", "0"},
		{"--video-watch-max-per-ip", "0"},
		{"--video-watch-max-per-video", "0"},
		{"--http-idle-timeout", "0s"},
		{"--http2-ping-after", "0s"},
		{"--upload-expiry", "0s"},
		{"--probe-max-width", "0"},
		{"--probe-max-duration", "0s"},
		{"--gate-positive-ttl", "0s"},
		{"--gate-max-chain-calls", "0"},
		{"--gate-check-timeout", "0s"},
		{"--gate-max-depth", "17"},
		{"--gate-max-conditions", "0"},
		{"--gate-max-calls-per-check", "0"},
		{"--gate-max-vaults", "65"},
		{"--gate-rule-memo", "0"},
		{"--gate-rate-per-video", "0"},
		{"--playback-token-ttl", "1s"},
		{"--playback-renew-before", "20m"},
		{"--playback-presign-ttl", "2h"},
		{"--playback-video-cache-ttl", "1h"},
		{"--playback-object-cache-bytes", "-1"},
		{"--playback-spool-bytes", "-1"},
		{"--worker-tokens", "short"},
		{"--transcode-max-attempts", "0"},
		{"--transcode-lease", "0s"},
		{"--transcode-url-expiry", "0s"},
		{"--revoke-poll-interval", "1ms"},
		{"--revoke-max-blocks", "0"},
		{"--revoke-reorg-depth", "1"},
		{"--revoke-positive-ttl", "0s"},
	} {
		name := strings.TrimPrefix(args[0], "--")
		_, err := parseConfig("serve", args)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: err = %v, want it to name %s", args, err, name)
		}
	}
}
