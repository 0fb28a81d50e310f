package main

import (
	"flag"
	"fmt"
	"net/netip"
	"strings"

	"github.com/streamgate/streamgate/server/webhook"
)

// webhookFlags registers the webhook service's and deliverer's flags;
// their defaults are c's.
func webhookFlags(fs *flag.FlagSet, c *webhook.Config) {
	fs.IntVar(&c.Workers, "webhook-workers", c.Workers, "webhook deliveries in flight at once (one per endpoint at most)")
	fs.DurationVar(&c.PollInterval, "webhook-poll-interval", c.PollInterval, "how often the webhook queue is read when no notification came")
	fs.DurationVar(&c.ConnectTimeout, "webhook-connect-timeout", c.ConnectTimeout, "longest wait to connect to a webhook endpoint")
	fs.DurationVar(&c.ResponseTimeout, "webhook-response-timeout", c.ResponseTimeout, "longest webhook attempt, connection to response")
	fs.Int64Var(&c.MaxResponseBytes, "webhook-max-response-bytes", c.MaxResponseBytes, "how much of an endpoint's response body is read")
	fs.DurationVar(&c.BackoffBase, "webhook-backoff-base", c.BackoffBase, "wait after a failed webhook attempt; doubles per attempt")
	fs.DurationVar(&c.BackoffMax, "webhook-backoff-max", c.BackoffMax, "longest wait between webhook attempts")
	fs.DurationVar(&c.RetryWindow, "webhook-retry-window", c.RetryWindow, "how long a webhook delivery is retried before it is dead")
	fs.DurationVar(&c.SecretGrace, "webhook-secret-grace", c.SecretGrace, "how long a rotated-out webhook secret keeps signing")
	fs.DurationVar(&c.Retention, "webhook-retention", c.Retention, "how long finished webhook deliveries stay listed")
	fs.Var(parsed(&c.AllowNetworks, parsePrefixes, formatPrefixes), "webhook-allow-networks",
		"comma-separated CIDR ranges webhook endpoints may resolve to although internal (loopback, private, link-local); development only, e.g. 127.0.0.0/8,::1/128")
}

func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range splitList(s) {
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR range", item)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func formatPrefixes(ps []netip.Prefix) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}
