package playback

import (
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		cfg  func(*Config)
		ok   bool
	}{
		{"defaults", func(*Config) {}, true},
		{"short ttl", func(c *Config) { c.TokenTTL = time.Second }, false},
		{"renew after expiry", func(c *Config) { c.TokenTTL, c.RenewBefore = time.Minute, 2*time.Minute }, false},
		{"negative cache", func(c *Config) { c.ObjectCacheBytes = -1 }, false},
		{"long video cache", func(c *Config) { c.VideoCacheTTL = time.Hour }, false},
		{"presign too long", func(c *Config) { c.PresignTTL = 2 * time.Hour }, false},
		{"custom", func(c *Config) { c.TokenTTL, c.RenewBefore, c.ObjectCacheBytes = time.Hour, 10*time.Minute, 1<<20 }, true},
	}
	for _, c := range cases {
		cfg := DefaultConfig()
		c.cfg(&cfg)
		if err := cfg.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	d := DefaultConfig()
	if d.TokenTTL != 10*time.Minute || d.RenewBefore != d.TokenTTL/3 {
		t.Errorf("defaults: %+v", d)
	}
}
