package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestAuthFlags(t *testing.T) {
	pem := filepath.Join(t.TempDir(), "k1.pem")
	// openssl genpkey -algorithm ed25519
	if err := os.WriteFile(pem, []byte("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHk8mA7Gm0x0ZGtp+7XTE3ZxGC4k3yEy2lYDMcyUGZ47\n-----END PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("STREAMGATE_AUTH_SIGNING_KEYS", "k2=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,k1=@"+pem)
	c, err := parseConfig("serve", []string{"--redis-prefix", "blue:", "--auth-chain-ids", "10, 8453", "--auth-access-ttl", "5m"})
	if err != nil {
		t.Fatal(err)
	}
	a := c.Svc.Auth
	if len(a.Keys) != 2 || a.Keys[0].ID != "k2" || a.Keys[1].ID != "k1" {
		t.Fatalf("keys %+v", a.Keys)
	}
	if c.RedisPrefix != "blue:" || !slices.Equal(a.ChainIDs, []uint64{10, 8453}) || a.AccessTTL != 5*time.Minute {
		t.Fatalf("auth config %+v", a)
	}
	if a.Domain != "127.0.0.1:8080" || a.URI != "http://127.0.0.1:8080" || a.RefreshTTL == 0 {
		t.Fatalf("defaults lost: %+v", a)
	}
}

func TestAuthFlagsDefaults(t *testing.T) {
	c, err := parseConfig("serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.RedisPrefix != "sg:" || len(c.Svc.Auth.Keys) != 0 || !slices.Equal(c.Svc.Auth.ChainIDs, []uint64{31337, 1}) {
		t.Fatalf("defaults %+v", c.Svc.Auth)
	}
}

func TestAuthFlagsRefuse(t *testing.T) {
	for name, args := range map[string][]string{
		"bad key":      {"--auth-signing-keys", "k1=short"},
		"no kid":       {"--auth-signing-keys", "=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},
		"missing file": {"--auth-signing-keys", "k1=@/nonexistent"},
		"chain zero":   {"--auth-chain-ids", "0"},
		"bad uri":      {"--auth-uri", "not a uri"},
		"zero rate":    {"--auth-rate-per-ip", "0"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := parseConfig("serve", args); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}
