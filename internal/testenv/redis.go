package testenv

import (
	"context"
	"testing"

	"github.com/redis/rueidis"
)

// RedisAddr is the Redis the tests use.
func RedisAddr() string { return env("TEST_REDIS_ADDR", "127.0.0.1:6379") }

// Redis returns a client and a key prefix of the test's own; keys under
// the prefix are deleted when the test ends.
func Redis(t testing.TB) (rueidis.Client, string) {
	t.Helper()
	client, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{RedisAddr()}})
	if err != nil {
		t.Fatalf("testenv: redis at %s: %v (run make test, or scripts/stack.sh up)", RedisAddr(), err)
	}
	prefix := "sgt:" + sanitize(t.Name()) + ":" + ID() + ":"
	t.Cleanup(func() {
		ctx := context.Background()
		var cursor uint64
		for {
			e, err := client.Do(ctx, client.B().Scan().Cursor(cursor).Match(prefix+"*").Count(500).Build()).AsScanEntry()
			if err != nil {
				break
			}
			if len(e.Elements) > 0 {
				client.Do(ctx, client.B().Del().Key(e.Elements...).Build())
			}
			if cursor = e.Cursor; cursor == 0 {
				break
			}
		}
		client.Close()
	})
	return client, prefix
}
