package outage_test

import (
	"strings"
	"testing"
	"time"

	"github.com/streamgate/streamgate/server/outage"
)

func TestValidateNamesTheFlag(t *testing.T) {
	t.Parallel()
	if err := outage.DefaultConfig().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for flag, mut := range map[string]func(*outage.Config){
		"--rpc-timeout":        func(c *outage.Config) { c.RPC = 0 },
		"--rpc-long-timeout":   func(c *outage.Config) { c.LongRPC = time.Second },
		"--play-timeout":       func(c *outage.Config) { c.Play = -time.Second },
		"--retry-after":        func(c *outage.Config) { c.RetryAfter = 0 },
		"--db-connect-timeout": func(c *outage.Config) { c.DBConnect = 0 },
		"--db-query-timeout":   func(c *outage.Config) { c.DBQuery = 0 },
		"--redis-timeout":      func(c *outage.Config) { c.Redis = 0 },
		"--redis-recheck":      func(c *outage.Config) { c.RedisRecheck = 0 },
		"--s3-timeout":         func(c *outage.Config) { c.S3 = 0 },
	} {
		c := outage.DefaultConfig()
		mut(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), flag) {
			t.Errorf("%s: %v", flag, err)
		}
	}
}
