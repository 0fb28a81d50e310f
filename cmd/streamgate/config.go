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
	"github.com/streamgate/streamgate/server/web"
)

// Config is every setting of the server. Each field has a flag and the
// environment variable STREAMGATE_<FLAG> (dashes become underscores).
type Config struct {
	Addr         string        // --addr: listen address
	PublicURL    string        // --public-url: base URL clients use
	TLSCert      string        // --tls-cert: PEM certificate; enables TLS (h2 + HTTP/1.1)
	TLSKey       string        // --tls-key: PEM private key
	Services     string        // --services: comma-separated subset to host
	CORSOrigins  string        // --cors-origins: comma-separated browser origins
	ReadMaxBytes int           // --read-max-bytes: largest request message
	ShutdownWait time.Duration // --shutdown-timeout: drain time on stop
	LogLevel     string        // --log-level: debug, info, warn, error
	LogFormat    string        // --log-format: text or json
	Migrate      bool          // --migrate: apply migrations before serving

	DatabaseURL string // --database-url
	DBMaxConns  int    // --db-max-conns

	RedisAddr     string // --redis-addr
	RedisPassword string // --redis-password
	RedisPrefix   string // --redis-prefix: prefix for every key

	S3Endpoint   string // --s3-endpoint: host:port
	S3AccessKey  string // --s3-access-key
	S3SecretKey  string // --s3-secret-key
	S3Bucket     string // --s3-bucket: created when missing
	S3Region     string // --s3-region
	S3Secure     bool   // --s3-secure: use HTTPS to reach S3
	S3BucketCORS bool   // --s3-bucket-cors: let --cors-origins PUT parts straight to the bucket

	Svc server.ServiceConfig
	Web web.Config
}

func (c *Config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "listen address")
	fs.StringVar(&c.PublicURL, "public-url", "", "base URL clients reach the server at (default http://<addr>)")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "PEM certificate file; with --tls-key serves TLS")
	fs.StringVar(&c.TLSKey, "tls-key", "", "PEM private key file")
	fs.StringVar(&c.Services, "services", "", "comma-separated services to host (default all: "+strings.Join(server.ServiceNames(), ",")+")")
	fs.StringVar(&c.CORSOrigins, "cors-origins", "*", "comma-separated origins allowed to call from browsers")
	fs.IntVar(&c.ReadMaxBytes, "read-max-bytes", 5<<20, "largest request message in bytes")
	fs.DurationVar(&c.ShutdownWait, "shutdown-timeout", 30*time.Second, "how long to drain requests on stop")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", "text", "text or json")
	fs.BoolVar(&c.Migrate, "migrate", false, "apply database migrations before serving")
	fs.StringVar(&c.DatabaseURL, "database-url", "postgres://streamgate:streamgate@127.0.0.1:5432/streamgate?sslmode=disable", "PostgreSQL URL")
	fs.IntVar(&c.DBMaxConns, "db-max-conns", 20, "PostgreSQL pool size")
	fs.StringVar(&c.RedisAddr, "redis-addr", "127.0.0.1:6379", "Redis address")
	fs.StringVar(&c.RedisPassword, "redis-password", "", "Redis password")
	fs.StringVar(&c.RedisPrefix, "redis-prefix", "sg:", "prefix of every Redis key")
	fs.StringVar(&c.S3Endpoint, "s3-endpoint", "127.0.0.1:9100", "S3 endpoint host:port")
	fs.StringVar(&c.S3AccessKey, "s3-access-key", "streamgate", "S3 access key")
	fs.StringVar(&c.S3SecretKey, "s3-secret-key", "streamgate-secret", "S3 secret key")
	fs.StringVar(&c.S3Bucket, "s3-bucket", "streamgate", "S3 bucket for originals and renditions")
	fs.StringVar(&c.S3Region, "s3-region", "us-east-1", "S3 region")
	fs.BoolVar(&c.S3Secure, "s3-secure", false, "reach S3 over HTTPS")
	fs.BoolVar(&c.S3BucketCORS, "s3-bucket-cors", true, "on start, give the bucket a CORS rule letting --cors-origins PUT upload parts")
	registerServiceFlags(fs, &c.Svc)
	webFlags(fs, &c.Web)
}

// parseConfig reads flags, then STREAMGATE_* variables, then validates.
func parseConfig(name string, args []string) (*Config, error) {
	c := &Config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c.flags(fs)
	if err := ff.Parse(fs, args, ff.WithEnvVarPrefix("STREAMGATE")); err != nil {
		return nil, err
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + c.Addr
		if c.TLSCert != "" {
			c.PublicURL = "https://" + c.Addr
		}
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	c.deriveFromPublicURL(fs)
	return c, c.validate()
}

// deriveFromPublicURL makes sign-in messages name the host users see,
// unless --auth-domain / --auth-uri say otherwise.
func (c *Config) deriveFromPublicURL(fs *flag.FlagSet) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	u, err := url.Parse(c.PublicURL)
	if err != nil || u.Host == "" {
		return
	}
	if !set["auth-domain"] {
		c.Svc.Auth.Domain = u.Host
	}
	if !set["auth-uri"] {
		c.Svc.Auth.URI = c.PublicURL
	}
}

func (c *Config) validate() error {
	var errs []error
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together"))
	}
	if c.ReadMaxBytes < 1<<16 {
		errs = append(errs, fmt.Errorf("--read-max-bytes %d is below 64 KiB", c.ReadMaxBytes))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
	}
	if err := c.Web.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := validateServiceConfig(&c.Svc); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
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
