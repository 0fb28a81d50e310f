package cli_test

import (
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/streamgate/streamgate/cli"
	"github.com/streamgate/streamgate/internal/teststack"
)

func TestWebhookCommands(t *testing.T) {
	t.Parallel()
	s := teststack.Start(t, teststack.Options{NoWorker: true})
	creator := newUser(t, s, crypto.FromECDSA(s.Creator))
	creator.must("login", "--key-file", creator.keyFile, "--chain-id", "31337")
	out := creator.must("webhook", "add", "https://hooks.example.com/in", "--events", "video.created,video.ready")
	if !strings.Contains(out, "secret: whsec_") || !strings.Contains(out, "video.created,video.ready") {
		t.Fatalf("webhook add: %q", out)
	}
	var list struct {
		Endpoints []struct {
			ID      string
			Enabled bool
		}
	}
	creator.json(&list, "webhook", "list")
	if len(list.Endpoints) != 1 || !list.Endpoints[0].Enabled {
		t.Fatalf("webhook list: %+v", list)
	}
	id := list.Endpoints[0].ID
	if out := creator.must("webhook", "disable", id); !strings.Contains(out, "disabled") {
		t.Fatalf("webhook disable: %q", out)
	}
	if out := creator.must("webhook", "rotate", id); !strings.Contains(out, "secret: whsec_") {
		t.Fatalf("webhook rotate: %q", out)
	}
	creator.must("webhook", "deliveries", id)
	if _, _, code := creator.run("webhook", "add", "https://hooks.example.com/x", "--events", "video.nope"); code != cli.ExitUsage {
		t.Fatalf("unknown event type: exit %d, want %d", code, cli.ExitUsage)
	}
	if _, _, code := creator.run("webhook", "add", "http://10.0.0.1/"); code == 0 {
		t.Fatal("a private address was registered")
	}
	creator.must("webhook", "delete", id)
	var after struct{ Endpoints []struct{ ID string } }
	creator.json(&after, "webhook", "list")
	if len(after.Endpoints) != 0 {
		t.Fatalf("after delete: %+v", after)
	}
}
