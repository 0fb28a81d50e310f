package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/peterbourgon/ff/v3"

	"github.com/streamgate/streamgate/server"
	"github.com/streamgate/streamgate/server/chain"
)

// Config is every setting of the server. Each field has a flag and the
// environment variable STREAMGATE_<FLAG> (dashes become underscores).
// The server's own settings and the services' are the embedded
// server.Config; what stays here is how this process reaches its
// dependencies and serves.
type Config struct {
	Addr         string        // --addr: listen address
	TLSCert      string        // --tls-cert: PEM certificate; enables TLS (h2 + HTTP/1.1)
	TLSKey       string        // --tls-key: PEM private key
	ShutdownWait time.Duration // --shutdown-timeout: drain time on stop
	// HTTP connection bounds; none ends a stream that is making progress.
	HTTPHeaderTimeout time.Duration // --http-header-timeout: to read a request's headers
	HTTPIdleTimeout   time.Duration // --http-idle-timeout: an idle keep-alive connection is closed
	HTTP2PingAfter    time.Duration // --http2-ping-after: a silent HTTP/2 peer is pinged
	HTTP2PingTimeout  time.Duration // --http2-ping-timeout: an unanswered ping closes the connection
	LogLevel          string        // --log-level: debug, info, warn, error
	LogFormat         string        // --log-format: text or json
	Migrate           bool          // --migrate: apply migrations before serving

	DatabaseURL string // --database-url
	DBMaxConns  int    // --db-max-conns

	RedisAddr     string // --redis-addr: host:port, or a Redis Cluster's seed nodes, comma-separated
	RedisPassword string // --redis-password

	S3Endpoint   string // --s3-endpoint: host:port
	S3AccessKey  string // --s3-access-key
	S3SecretKey  string // --s3-secret-key
	S3Bucket     string // --s3-bucket: created when missing
	S3Region     string // --s3-region
	S3Secure     bool   // --s3-secure: use HTTPS to reach S3
	S3BucketCORS bool   // --s3-bucket-cors: let --cors-origins PUT parts straight to the bucket

	// Chains are the chains the server reads (the gate's rules and
	// sign-in's EIP-1271 check): one registry, built here.
	Chains chain.Config

	server.Config
}

// defaultConfig is every flag's default: this process's own settings
// here, the rest from the packages' DefaultConfig.
func defaultConfig() Config {
	return Config{
		Addr:              "127.0.0.1:8080",
		ShutdownWait:      30 * time.Second,
		HTTPHeaderTimeout: 10 * time.Second,
		HTTPIdleTimeout:   2 * time.Minute,
		HTTP2PingAfter:    30 * time.Second,
		HTTP2PingTimeout:  15 * time.Second,
		LogLevel:          "info",
		LogFormat:         "text",
		DatabaseURL:       "postgres://streamgate:streamgate@127.0.0.1:5432/streamgate?sslmode=disable",
		DBMaxConns:        20,
		RedisAddr:         "127.0.0.1:6379",
		S3Endpoint:        "127.0.0.1:9100",
		S3AccessKey:       "streamgate",
		S3SecretKey:       "streamgate-secret",
		S3Bucket:          "streamgate",
		S3Region:          "us-east-1",
		S3BucketCORS:      true,
		Chains:            chain.DefaultConfig(),
		Config:            server.DefaultConfig(),
	}
}

// flags registers every flag on fs; each flag's default is c's value, so
// c must hold the defaults when this is called.
func (c *Config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address")
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "base URL clients reach the server at (default http://<addr>)")
	fs.StringVar(&c.TLSCert, "tls-cert", c.TLSCert, "PEM certificate file; with --tls-key serves TLS")
	fs.StringVar(&c.TLSKey, "tls-key", c.TLSKey, "PEM private key file")
	fs.Var(listFlag{&c.Services}, "services", "comma-separated services to host (default all: "+strings.Join(server.ServiceNames(), ",")+")")
	fs.Var(listFlag{&c.CORSOrigins}, "cors-origins", "comma-separated origins allowed to call from browsers")
	fs.IntVar(&c.ReadMaxBytes, "read-max-bytes", c.ReadMaxBytes, "largest request message in bytes")
	fs.DurationVar(&c.ShutdownWait, "shutdown-timeout", c.ShutdownWait, "how long to drain requests on stop")
	fs.DurationVar(&c.HTTPHeaderTimeout, "http-header-timeout", c.HTTPHeaderTimeout, "longest wait for a request's headers")
	fs.DurationVar(&c.HTTPIdleTimeout, "http-idle-timeout", c.HTTPIdleTimeout, "how long an idle keep-alive connection stays open")
	fs.DurationVar(&c.HTTP2PingAfter, "http2-ping-after", c.HTTP2PingAfter, "ping an HTTP/2 peer silent this long (finds dead peers under long streams)")
	fs.DurationVar(&c.HTTP2PingTimeout, "http2-ping-timeout", c.HTTP2PingTimeout, "close an HTTP/2 connection whose ping is not answered this soon")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text or json")
	fs.BoolVar(&c.Migrate, "migrate", c.Migrate, "apply database migrations before serving")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "PostgreSQL URL")
	fs.IntVar(&c.DBMaxConns, "db-max-conns", c.DBMaxConns, "PostgreSQL pool size")
	fs.StringVar(&c.RedisAddr, "redis-addr", c.RedisAddr, "Redis address, or comma-separated seed addresses of a Redis Cluster")
	fs.StringVar(&c.RedisPassword, "redis-password", c.RedisPassword, "Redis password")
	fs.StringVar(&c.RedisPrefix, "redis-prefix", c.RedisPrefix, "prefix of every Redis key")
	fs.StringVar(&c.S3Endpoint, "s3-endpoint", c.S3Endpoint, "S3 endpoint host:port")
	fs.StringVar(&c.S3AccessKey, "s3-access-key", c.S3AccessKey, "S3 access key")
	fs.StringVar(&c.S3SecretKey, "s3-secret-key", c.S3SecretKey, "S3 secret key")
	fs.StringVar(&c.S3Bucket, "s3-bucket", c.S3Bucket, "S3 bucket for originals and renditions")
	fs.StringVar(&c.S3Region, "s3-region", c.S3Region, "S3 region")
	fs.BoolVar(&c.S3Secure, "s3-secure", c.S3Secure, "reach S3 over HTTPS")
	fs.BoolVar(&c.S3BucketCORS, "s3-bucket-cors", c.S3BucketCORS, "on start, give the bucket a CORS rule letting --cors-origins PUT upload parts")
	chainFlags(fs, &c.Chains)
	registerServiceFlags(fs, &c.Config)
	webFlags(fs, &c.Config.Web)
}

// parseConfig starts from the defaults, reads flags, then STREAMGATE_*
// variables, derives what follows from other settings, then validates.
func parseConfig(name string, args []string) (*Config, error) {
	c := defaultConfig()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c.flags(fs)
	if err := ff.Parse(fs, args, ff.WithEnvVarPrefix("STREAMGATE")); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	c.derive(set)
	return &c, c.Validate()
}

// derive fills the settings whose default follows another setting, unless
// their own flag was set: the public URL follows --addr, sign-in messages
// name the host users see, players renew a third of the token's life
// before it ends.
func (c *Config) derive(set map[string]bool) {
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
		if c.TLSCert != "" {
			c.PublicURL = "https://" + c.Addr
		}
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if u, err := url.Parse(c.PublicURL); err == nil && u.Host != "" {
		if !set["auth-domain"] {
			c.Svc.Auth.Domain = u.Host
		}
		if !set["auth-uri"] {
			c.Svc.Auth.URI = c.PublicURL
		}
	}
	if !set["playback-renew-before"] {
		c.Svc.Playback.RenewBefore = c.Svc.Playback.TokenTTL / 3
	}
}

// Validate reports every bad setting at once, each named by its flag.
func (c *Config) Validate() error {
	var errs []error
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
	}
	if len(splitList(c.RedisAddr)) == 0 {
		errs = append(errs, errors.New("--redis-addr: want at least one host:port"))
	}
	if c.HTTPHeaderTimeout <= 0 || c.HTTPIdleTimeout <= 0 || c.HTTP2PingAfter <= 0 || c.HTTP2PingTimeout <= 0 {
		errs = append(errs, errors.New("--http-header-timeout, --http-idle-timeout, --http2-ping-after and --http2-ping-timeout must be positive"))
	}
	if c.DBMaxConns < 1 {
		errs = append(errs, fmt.Errorf("--db-max-conns %d: want at least 1", c.DBMaxConns))
	}
	return errors.Join(append(errs, c.Chains.Validate(), c.Config.Validate())...)
}

func (c *Config) logger() *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
