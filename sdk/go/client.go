package streamgate

import (
	"net/http"
	"strings"
	"sync"

	"connectrpc.com/connect"

	"github.com/streamgate/streamgate/gen/streamgate/auth/v1/authv1connect"
	"github.com/streamgate/streamgate/gen/streamgate/gate/v1/gatev1connect"
	"github.com/streamgate/streamgate/gen/streamgate/playback/v1/playbackv1connect"
	"github.com/streamgate/streamgate/gen/streamgate/upload/v1/uploadv1connect"
	"github.com/streamgate/streamgate/gen/streamgate/video/v1/videov1connect"
	"github.com/streamgate/streamgate/gen/streamgate/webhook/v1/webhookv1connect"
)

// Protocol is the wire protocol the client speaks.
type Protocol int

const (
	// ProtocolConnect is Connect over HTTP/1.1 or HTTP/2 (the default).
	ProtocolConnect Protocol = iota
	// ProtocolGRPC is gRPC; it needs HTTP/2 (h2c for http:// URLs).
	ProtocolGRPC
	// ProtocolGRPCWeb is gRPC-Web.
	ProtocolGRPCWeb
)

// Client calls a StreamGate server. It is safe for concurrent use.
type Client struct {
	baseURL    string
	origin     string // what sign-in messages must name
	httpClient *http.Client
	session    *session
	refresher  authv1connect.AuthServiceClient

	// Auth, Videos, Uploads, Gate and Playback are the generated clients,
	// for calls the helpers do not cover. They carry the session token.
	Auth     authv1connect.AuthServiceClient
	Videos   videov1connect.VideoServiceClient
	Uploads  uploadv1connect.UploadServiceClient
	Gate     gatev1connect.GateServiceClient
	Playback playbackv1connect.PlaybackServiceClient
	// Webhooks manages the creator's webhook endpoints.
	Webhooks webhookv1connect.WebhookServiceClient
}

// Option configures a Client.
type Option func(*options)

type options struct {
	httpClient *http.Client
	protocol   Protocol
	origin     string
	clientOpts []connect.ClientOption
}

// WithHTTPClient sets the HTTP client (timeouts, TLS, proxies).
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithProtocol picks Connect (default), gRPC or gRPC-Web.
func WithProtocol(p Protocol) Option { return func(o *options) { o.protocol = p } }

// WithSignInOrigin sets the origin (scheme://host[:port]) that sign-in
// challenges must name, when users reach the server at another address
// than the client's base URL (a proxy or load balancer in front of it).
// By default a challenge must name the base URL's origin.
func WithSignInOrigin(origin string) Option { return func(o *options) { o.origin = origin } }

// WithClientOptions adds raw Connect client options (interceptors, codecs).
func WithClientOptions(opts ...connect.ClientOption) Option {
	return func(o *options) { o.clientOpts = append(o.clientOpts, opts...) }
}

// New returns a client for the server at baseURL, e.g. http://127.0.0.1:8080.
func New(baseURL string, opts ...Option) *Client {
	o := options{}
	for _, opt := range opts {
		opt(&o)
	}
	baseURL = strings.TrimRight(baseURL, "/")
	if o.httpClient == nil {
		o.httpClient = defaultHTTPClient(baseURL, o.protocol)
	}
	if o.origin == "" {
		o.origin = baseURL
	}
	c := &Client{baseURL: baseURL, origin: o.origin, httpClient: o.httpClient, session: &session{}}
	copts := append([]connect.ClientOption{}, o.clientOpts...)
	switch o.protocol {
	case ProtocolGRPC:
		copts = append(copts, connect.WithGRPC())
	case ProtocolGRPCWeb:
		copts = append(copts, connect.WithGRPCWeb())
	}
	// Auth calls carry the token but never refresh (Refresh would recurse);
	// the refresher (Refresh and sign-in) sends no token at all.
	c.refresher = authv1connect.NewAuthServiceClient(o.httpClient, baseURL, copts...)
	c.Auth = authv1connect.NewAuthServiceClient(o.httpClient, baseURL,
		append(copts, connect.WithInterceptors(&bearer{s: c.session}))...)
	copts = append(copts, connect.WithInterceptors(&bearer{s: c.session, refresh: c.refresh}))
	c.Videos = videov1connect.NewVideoServiceClient(o.httpClient, baseURL, copts...)
	c.Uploads = uploadv1connect.NewUploadServiceClient(o.httpClient, baseURL, copts...)
	c.Gate = gatev1connect.NewGateServiceClient(o.httpClient, baseURL, copts...)
	c.Playback = playbackv1connect.NewPlaybackServiceClient(o.httpClient, baseURL, copts...)
	c.Webhooks = webhookv1connect.NewWebhookServiceClient(o.httpClient, baseURL, copts...)
	return c
}

// BaseURL returns the server's base URL.
func (c *Client) BaseURL() string { return c.baseURL }

// defaultHTTPClient speaks h2c to plain-HTTP servers when gRPC needs
// HTTP/2, and the usual HTTP/1.1 + h2 otherwise.
func defaultHTTPClient(baseURL string, p Protocol) *http.Client {
	if p == ProtocolGRPC && strings.HasPrefix(baseURL, "http://") {
		var protocols http.Protocols
		protocols.SetUnencryptedHTTP2(true)
		return &http.Client{Transport: &http.Transport{Protocols: &protocols}}
	}
	return &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
}

// session holds the current tokens.
type session struct {
	refreshMu sync.Mutex // held across one rotation
	mu        sync.Mutex // guards the fields below
	tokens    Tokens
	address   string
}
