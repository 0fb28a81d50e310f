package main

import (
	"flag"

	"github.com/streamgate/streamgate/server/outage"
)

// outageFlags registers the deadlines and dependency timeouts; their
// defaults are c's.
func outageFlags(fs *flag.FlagSet, c *outage.Config) {
	fs.DurationVar(&c.RPC, "rpc-timeout", c.RPC, "server-side deadline of one unary RPC (a long-poll adds its wait)")
	fs.DurationVar(&c.LongRPC, "rpc-long-timeout", c.LongRPC, "server-side deadline of CompleteUpload, which re-reads and probes the original")
	fs.DurationVar(&c.Play, "play-timeout", c.Play, "server-side deadline of one /play request, bytes included")
	fs.DurationVar(&c.RetryAfter, "retry-after", c.RetryAfter, "Retry-After sent with unavailable answers")
	fs.DurationVar(&c.DBConnect, "db-connect-timeout", c.DBConnect, "bound on opening a PostgreSQL connection (unless --database-url sets connect_timeout)")
	fs.DurationVar(&c.DBQuery, "db-query-timeout", c.DBQuery, "bound on a query that no request deadline bounds (background work)")
	fs.DurationVar(&c.Redis, "redis-timeout", c.Redis, "bound on dialing Redis and on waiting for any reply")
	fs.DurationVar(&c.RedisRecheck, "redis-recheck", c.RedisRecheck, "after Redis failed, calls fail at once for this long before it is tried again")
	fs.DurationVar(&c.S3, "s3-timeout", c.S3, "bound on dialing S3 and the TLS handshake")
}
