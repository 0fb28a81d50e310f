// Package server builds StreamGate's one http.Handler: every service over
// Connect, gRPC and gRPC-Web, reflection, health, CORS, metrics and the
// plain HTTP routes, with the shared interceptors.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"connectrpc.com/connect"
	connectcors "connectrpc.com/cors"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"
	"connectrpc.com/validate"
	"github.com/minio/minio-go/v7"
	"github.com/redis/rueidis"
	"github.com/rs/cors"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/tracing"
	"github.com/streamgate/streamgate/server/authn"
	"github.com/streamgate/streamgate/server/chain"
	"github.com/streamgate/streamgate/server/gate"
	"github.com/streamgate/streamgate/server/health"
	"github.com/streamgate/streamgate/server/hlskey"
	"github.com/streamgate/streamgate/server/lifecycle"
	"github.com/streamgate/streamgate/server/metrics"
	"github.com/streamgate/streamgate/server/outage"
	"github.com/streamgate/streamgate/server/reqlog"
	"github.com/streamgate/streamgate/server/rpcerr"
	"github.com/streamgate/streamgate/server/tokens"
	"github.com/streamgate/streamgate/server/web"
)

// Config shapes the handler; start from DefaultConfig (config.go).
type Config struct {
	// Services to host, by short name (auth, video, ...); empty means all.
	Services []string
	// CORSOrigins may call from browsers; "*" allows any.
	CORSOrigins []string
	// ReadMaxBytes caps one request message.
	ReadMaxBytes int
	// PublicURL is the base URL clients reach the server at.
	PublicURL string
	// RedisPrefix starts every Redis key of every service.
	RedisPrefix string
	// ContentKeys seal HLS content keys: transcode creates them, playback
	// serves them.
	ContentKeys hlskey.Config
	// Services' own settings. New sets their copies of the shared
	// settings above (Auth and Gate's RedisPrefix, Transcode's Keys).
	Svc ServiceConfig
	// Web serves the web app at / when enabled.
	Web web.Config
	// Outage holds the deadlines of RPCs and /play, and the timeouts of
	// the dependencies cmd/streamgate connects to.
	Outage outage.Config
}

// Deps are the live connections the services use.
type Deps struct {
	Log     *slog.Logger
	Store   *db.Store
	Redis   rueidis.Client
	S3      *minio.Client
	Bucket  string
	Metrics *metrics.Registry
	// Chains reads the configured EVM chains (gate, sign-in); nil reads none.
	Chains *chain.Registry
	// Tracing traces RPCs, /play and Redis; nil traces nothing. (The
	// Store's pool and the S3 client are traced where they are built.)
	Tracing *tracing.Provider
}

// mounter collects what each service wires.
type mounter struct {
	cfg      Config
	deps     Deps
	mux      *http.ServeMux
	opts     []connect.HandlerOption
	verifier authn.Verifier
	keys     *tokens.KeySet
	names    []string
	life     *lifecycle.Group
	listener *db.Listener
	gate     *gate.Checker
	gateErr  error
	// revoking is set once the chain watcher is wired (wire_revoke.go).
	revoking bool
	// traced and tracedTrusted are the RPC tracing interceptors (nil when
	// tracing is off); tracedTrusted continues the caller's trace.
	traced, tracedTrusted connect.Interceptor
	// fronts serve a hot route's plain requests before CORS and the mux,
	// which still has the route mounted for every other request
	// (playback's Route). A front sets its own CORS headers on what it
	// answers.
	fronts []func(http.Handler) http.Handler
}

// handle mounts a Connect handler and remembers its service name.
func (m *mounter) handle(name, path string, h http.Handler) {
	m.names = append(m.names, name)
	m.mux.Handle(path, h)
}

// Server is the assembled handler and the background work that runs
// with it.
type Server struct {
	http.Handler
	life *lifecycle.Group
}

// Close stops the background work and waits for it.
func (s *Server) Close() { s.life.Close() }

// New builds the handler for the configured services.
func New(cfg Config, deps Deps) (*Server, error) {
	cfg.Svc = cfg.shared()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Metrics == nil {
		deps.Metrics = metrics.New()
	}
	if _, ok := deps.Redis.(*outage.Redis); deps.Redis != nil && !ok {
		deps.Redis = outage.NewRedis(deps.Redis, cfg.Outage)
	}
	m := &mounter{cfg: cfg, deps: deps, mux: http.NewServeMux(), life: lifecycle.New(deps.Log)}
	if err := m.wireTracing(); err != nil {
		return nil, err
	}
	if err := m.wireVerifier(); err != nil {
		return nil, err
	}
	m.opts = m.options()
	m.warnInsecureKeys()
	for _, w := range wires {
		if !hosts(cfg.Services, w.name) {
			continue
		}
		if err := w.wire(m); err != nil {
			return nil, fmt.Errorf("wire %s service: %w", w.name, err)
		}
	}
	if err := m.wireObjectGC(); err != nil {
		return nil, err
	}
	m.mountCommon()
	if cfg.Web.Enabled {
		if err := web.Register(m.mux, cfg.Web); err != nil {
			return nil, err
		}
	}
	m.life.Start()
	return &Server{Handler: m.wrap(m.mux), life: m.life}, nil
}

// options are the handler options of every service: tracing (see
// wire_tracing.go), metrics, the deadline, the error table, then extra (a
// service's own gate, such as worker auth), then protovalidate and the
// session. Errors from extra and everything inside it get their codes
// from the table.
func (m *mounter) options(extra ...connect.Interceptor) []connect.HandlerOption {
	return m.optionsTraced(m.traced, extra...)
}

func (m *mounter) optionsTraced(traced connect.Interceptor, extra ...connect.Interceptor) []connect.HandlerOption {
	var first []connect.Interceptor
	if traced != nil {
		first = append(first, traced)
	}
	chain := slices.Concat(
		first,
		[]connect.Interceptor{m.deps.Metrics.Interceptor(), outage.Interceptor(m.cfg.Outage, longRPCs...), errorTable.Interceptor(m.deps.Log)},
		extra,
		[]connect.Interceptor{validate.NewInterceptor(), authn.NewInterceptor(m.verifier)},
	)
	opts := []connect.HandlerOption{
		connect.WithInterceptors(chain...),
		connect.WithReadMaxBytes(m.cfg.ReadMaxBytes),
		connect.WithRecover(func(ctx context.Context, spec connect.Spec, _ http.Header, p any) error {
			reqlog.Logger(ctx, m.deps.Log).ErrorContext(ctx, "panic", "procedure", spec.Procedure, "panic", p)
			return rpcerr.Internal()
		}),
	}
	return append(opts, strictJSONCodecs()...)
}

func (m *mounter) mountCommon() {
	reflector := grpcreflect.NewStaticReflector(append(slices.Clone(m.names),
		grpchealth.HealthV1ServiceName, grpcreflect.ReflectV1ServiceName, grpcreflect.ReflectV1AlphaServiceName)...)
	m.mux.Handle(grpcreflect.NewHandlerV1(reflector))
	m.mux.Handle(grpcreflect.NewHandlerV1Alpha(reflector))
	checker := health.New(m.names, m.probes()...)
	m.mux.Handle(grpchealth.NewHandler(checker, connect.WithInterceptors(errorTable.Interceptor(m.deps.Log))))
	m.mux.HandleFunc("GET /healthz", health.Live)
	m.mux.HandleFunc("GET /readyz", checker.Ready)
	m.mux.Handle("GET /metrics", m.deps.Metrics.Handler())
	if m.deps.Store != nil {
		m.deps.Metrics.Registerer().MustRegister(m.deps.Store.PoolCollector())
	}
}

func (m *mounter) probes() []health.Probe {
	var probes []health.Probe
	if m.deps.Store != nil {
		probes = append(probes, health.Probe{Name: "postgres", Check: func(ctx context.Context) error {
			return m.deps.Store.Ping(ctx)
		}})
	}
	if m.deps.Redis != nil {
		probes = append(probes, health.Probe{Name: "redis", Check: func(ctx context.Context) error {
			return m.deps.Redis.Do(ctx, m.deps.Redis.B().Ping().Build()).Error()
		}})
	}
	if m.deps.S3 != nil {
		probes = append(probes, health.Probe{Name: "s3", Check: func(ctx context.Context) error {
			ok, err := m.deps.S3.BucketExists(ctx, m.deps.Bucket)
			if err == nil && !ok {
				err = fmt.Errorf("bucket %q is missing", m.deps.Bucket)
			}
			return err
		}})
	}
	if m.deps.Chains != nil && len(m.deps.Chains.IDs()) > 0 {
		probes = append(probes, health.Probe{Name: "chain", Check: func(context.Context) error {
			return chainDown(m.deps.Chains.Status())
		}})
	}
	return probes
}

// chainDown names the chains none of whose endpoints answered their
// last health check.
func chainDown(status []chain.EndpointStatus) error {
	up := map[uint64]bool{}
	last := map[uint64]string{}
	for _, s := range status {
		up[s.ChainID] = up[s.ChainID] || s.Healthy
		if !s.Healthy {
			last[s.ChainID] = s.LastError
		}
	}
	var errs []error
	for id, ok := range up {
		if !ok {
			errs = append(errs, fmt.Errorf("chain %d: no endpoint answers: %s", id, last[id]))
		}
	}
	return errors.Join(errs...)
}

// wrap adds CORS, the request log, tracing and /play's deadline around
// the mux, and puts the fronts before CORS: what a front answers carries
// its own CORS headers (/play's are "*" whatever the Origin), to which
// rs/cors would only add a Vary: Origin the answer does not vary by, the
// ninth header that spills net/http's header map out of its one small
// group on every playlist.
func (m *mounter) wrap(mux http.Handler) http.Handler {
	c := cors.New(cors.Options{
		AllowedOrigins: m.cfg.CORSOrigins,
		AllowedMethods: connectcors.AllowedMethods(),
		// Range and the range headers are for HLS players reading segments.
		AllowedHeaders: append(connectcors.AllowedHeaders(), "Authorization", "Range", reqlog.Header),
		ExposedHeaders: append(connectcors.ExposedHeaders(), reqlog.Header, "Content-Range", "Accept-Ranges", "Content-Length"),
		MaxAge:         7200,
	})
	h := c.Handler(mux)
	for _, front := range m.fronts {
		h = front(h)
	}
	return m.deps.Tracing.Handler(reqlog.Middleware(m.deps.Log, outage.Play(m.cfg.Outage, h)), playRoute)
}

// warnInsecureKeys warns once when the roles that seal with the master
// key (transcode: HLS content keys; webhook: endpoints' secrets) run on
// the public development key.
func (m *mounter) warnInsecureKeys() {
	if !m.cfg.ContentKeys.Insecure || !hosts(m.cfg.Services, "transcode") && !hosts(m.cfg.Services, "webhook") {
		return
	}
	m.deps.Log.Warn("INSECURE: no --key-master set; HLS content keys and webhook endpoints' secrets are sealed under a public development key. Set --key-master (base64 of 32 random bytes, the same on every replica) in production.")
}

// keySet returns the JWT signing keys from the auth config, built once,
// whatever --services says: every service verifies tokens, playback signs
// its own. With no key configured it generates an ephemeral one.
func (m *mounter) keySet() (*tokens.KeySet, error) {
	if m.keys != nil {
		return m.keys, nil
	}
	var err error
	if keys := m.cfg.Svc.Auth.Keys; len(keys) > 0 {
		m.keys, err = tokens.New(keys...)
	} else {
		m.keys, err = tokens.Ephemeral()
		if err == nil && m.deps.Log != nil {
			m.deps.Log.Warn("no --auth-signing-keys: signing tokens with an ephemeral key; tokens die with this process and other replicas reject them (development only)",
				"kid", m.keys.SignerID())
		}
	}
	if err != nil {
		return nil, fmt.Errorf("signing keys: %w", err)
	}
	return m.keys, nil
}

// notifications returns the process's one PostgreSQL listener, built on
// first use and run by the server's lifecycle.
func (m *mounter) notifications() *db.Listener {
	if m.listener == nil {
		m.listener = m.deps.Store.Listener(m.deps.Log)
		m.life.Add("postgres listener", m.listener.Run)
	}
	return m.listener
}

// gateChecker returns the one gate checker, built on first use, for the
// gate service and for playback (which decides in-process whether or not
// this server hosts GateService).
func (m *mounter) gateChecker() (*gate.Checker, error) {
	if m.gate == nil && m.gateErr == nil {
		if m.deps.Store == nil {
			m.gateErr = errors.New("the gate needs the database")
			return nil, m.gateErr
		}
		cfg := m.cfg.Svc.Gate
		m.gate, m.gateErr = gate.NewChecker(cfg, m.deps.Store, m.deps.Redis, m.deps.Chains, m.deps.Log)
		if m.gateErr == nil {
			m.gateErr = m.deps.Metrics.Registerer().Register(m.gate.Collector())
		}
	}
	return m.gate, m.gateErr
}

func hosts(services []string, name string) bool {
	return len(services) == 0 || slices.Contains(services, name)
}

func checkServices(services []string) error {
	for _, s := range services {
		if !slices.ContainsFunc(wires, func(w wire) bool { return w.name == s }) {
			return fmt.Errorf("--services: unknown service %q (known: %s)", s, strings.Join(ServiceNames(), ", "))
		}
	}
	return nil
}

// ServiceNames lists the short names --services accepts.
func ServiceNames() []string {
	names := make([]string, len(wires))
	for i, w := range wires {
		names[i] = w.name
	}
	return names
}
