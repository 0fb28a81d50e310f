package outage

import (
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"
)

// Pool bounds opening a PostgreSQL connection at Config.DBConnect, unless
// the URL's connect_timeout already does. Queries are bounded by their
// context (the request's deadline) or by Config.DBQuery (db.Store).
func (c Config) Pool(pc *pgxpool.Config) {
	if pc.ConnConfig.ConnectTimeout == 0 {
		pc.ConnConfig.ConnectTimeout = c.DBConnect
	}
}

// s3Retries is how often minio-go retries a failed S3 request (its
// default, 10 with backoff up to a second each, would spend any
// request's deadline on a server that refuses connections).
const s3Retries = 3

// S3Transport is minio-go's transport with dialing and the TLS handshake
// bounded at Config.S3. The wait for response headers keeps minio-go's
// minute (at least Config.S3): completing a multipart upload of gigabytes
// may take that long on a healthy server. A request, body included, is
// bounded by its context (the RPC's or /play's deadline).
func (c Config) S3Transport(secure bool) (*http.Transport, error) {
	t, err := minio.DefaultTransport(secure)
	if err != nil {
		return nil, err
	}
	t.DialContext = (&net.Dialer{Timeout: c.S3, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = c.S3
	t.ResponseHeaderTimeout = max(t.ResponseHeaderTimeout, c.S3)
	return t, nil
}

// S3Client is minio.New with opts bounded: S3Transport unless opts
// brings a transport (which should wrap S3Transport), and few retries.
func (c Config) S3Client(endpoint string, opts minio.Options) (*minio.Client, error) {
	if opts.Transport == nil {
		t, err := c.S3Transport(opts.Secure)
		if err != nil {
			return nil, err
		}
		opts.Transport = t
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = s3Retries
	}
	return minio.New(endpoint, &opts)
}
