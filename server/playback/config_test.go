package playback

import (
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"defaults", Config{}, true},
		{"short ttl", Config{TokenTTL: time.Second}, false},
		{"renew after expiry", Config{TokenTTL: time.Minute, RenewBefore: 2 * time.Minute}, false},
		{"negative cache", Config{ObjectCacheBytes: -1}, false},
		{"long video cache", Config{VideoCacheTTL: time.Hour}, false},
		{"presign too long", Config{PresignTTL: 2 * time.Hour}, false},
		{"custom", Config{TokenTTL: time.Hour, RenewBefore: 10 * time.Minute, ObjectCacheBytes: 1 << 20}, true},
	}
	for _, c := range cases {
		c.cfg.Defaults()
		if err := c.cfg.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	d := Config{}
	d.Defaults()
	if d.TokenTTL != 10*time.Minute || d.RenewBefore != d.TokenTTL/3 {
		t.Errorf("defaults: %+v", d)
	}
}
