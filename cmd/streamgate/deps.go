package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/cors"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/redis/rueidis"

	"github.com/streamgate/streamgate/db"
	"github.com/streamgate/streamgate/internal/tracing"
	"github.com/streamgate/streamgate/internal/tracing/pgxtrace"
)

// connectPostgres opens the pool and proves it answers; the error names
// the dependency so start-up fails with one clear line. tr (nil: off)
// traces its queries.
func connectPostgres(ctx context.Context, c *Config, tr *tracing.Provider) (*pgxpool.Pool, error) {
	pc, err := pgxpool.ParseConfig(c.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("postgres: bad --database-url: %w", err)
	}
	pc.MaxConns = int32(c.DBMaxConns)
	db.ConfigurePool(pc)
	c.Outage.Pool(pc)
	if tr.Enabled() {
		pc.ConnConfig.Tracer = pgxtrace.New(tr)
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres at %s:%d unreachable: %w", pc.ConnConfig.Host, pc.ConnConfig.Port, err)
	}
	return pool, nil
}

// connectRedis connects to one Redis or to a Redis Cluster: --redis-addr
// is a comma-separated list of seed addresses. rueidis asks the first
// node it reaches for the cluster's slots and, given one address of a
// server without cluster mode, falls back to a single client; given
// several, it wants a cluster.
func connectRedis(c *Config) (rueidis.Client, error) {
	client, err := rueidis.NewClient(c.Outage.RedisOption(rueidis.ClientOption{
		InitAddress:  splitList(c.RedisAddr),
		Password:     c.RedisPassword,
		DisableCache: false,
	}))
	if err != nil {
		return nil, fmt.Errorf("redis at %s unreachable: %w", c.RedisAddr, err)
	}
	return client, nil
}

// connectS3 returns a client and creates the bucket when it is missing;
// tr (nil: off) traces its requests.
func connectS3(ctx context.Context, c *Config, log *slog.Logger, tr *tracing.Provider) (*minio.Client, error) {
	base, err := c.Outage.S3Transport(c.S3Secure)
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	opts := minio.Options{
		Creds:     credentials.NewStaticV4(c.S3AccessKey, c.S3SecretKey, ""),
		Secure:    c.S3Secure,
		Region:    c.S3Region,
		Transport: base,
	}
	if tr.Enabled() {
		opts.Transport = tracing.Transport(base, "s3")
	}
	client, err := c.Outage.S3Client(c.S3Endpoint, opts)
	if err != nil {
		return nil, fmt.Errorf("s3: bad --s3-endpoint %q: %w", c.S3Endpoint, err)
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ok, err := client.BucketExists(sctx, c.S3Bucket)
	if err != nil {
		return nil, fmt.Errorf("s3 at %s unreachable: %w", c.S3Endpoint, err)
	}
	if !ok {
		if err := client.MakeBucket(sctx, c.S3Bucket, minio.MakeBucketOptions{Region: c.S3Region}); err != nil {
			return nil, fmt.Errorf("s3: create bucket %q: %w", c.S3Bucket, err)
		}
		log.Info("created bucket", "bucket", c.S3Bucket)
	}
	allowBrowserUploads(sctx, client, c, log)
	return client, nil
}

// allowBrowserUploads lets the browser origins the API allows PUT parts
// to presigned URLs (direct uploads never pass through this server). An
// S3 server without bucket CORS only loses browser uploads, so it warns.
func allowBrowserUploads(ctx context.Context, client *minio.Client, c *Config, log *slog.Logger) {
	origins := c.CORSOrigins
	if len(origins) == 0 || !c.S3BucketCORS {
		return
	}
	err := client.SetBucketCors(ctx, c.S3Bucket, &cors.Config{CORSRules: []cors.Rule{{
		AllowedOrigin: origins, AllowedMethod: []string{http.MethodPut, http.MethodGet, http.MethodHead},
		AllowedHeader: []string{"*"}, ExposeHeader: []string{"ETag"}, MaxAgeSeconds: 3600,
	}}})
	if err != nil {
		log.Warn("could not set the bucket's CORS rule: browser uploads will fail", "bucket", c.S3Bucket, "err", err)
	}
}
