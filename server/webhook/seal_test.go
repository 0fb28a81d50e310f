package webhook_test

import (
	"strings"
	"testing"

	webhookv1 "github.com/streamgate/streamgate/gen/streamgate/webhook/v1"
)

// Endpoints' secrets are stored sealed: the row holds neither the secret
// nor its key, deliveries are still signed with it, a sealed secret
// copied onto another endpoint's row signs nothing (the delivery fails,
// saying why, and nothing is sent), and a secret stored in the clear
// before sealing still signs.
func TestSecretsSealedAtRest(t *testing.T) {
	t.Parallel()
	s := stack(t, false, loopback)
	ctx := t.Context()
	creator := signIn(t, s, "creator")
	stored := func(id string) string {
		t.Helper()
		var secret string
		if err := s.Pool.QueryRow(ctx, "SELECT secret FROM webhook_endpoints WHERE id = $1", id).Scan(&secret); err != nil {
			t.Fatal(err)
		}
		return secret
	}

	rcv, other := newReceiver(t), newReceiver(t)
	ep, secret := register(t, creator, rcv.URL, webhookv1.EventType_EVENT_TYPE_VIDEO_CREATED)
	ep2, secret2 := register(t, creator, other.URL, webhookv1.EventType_EVENT_TYPE_VIDEO_CREATED)
	rcv.set(func(r *receiver) { r.secrets = []string{secret} })
	other.set(func(r *receiver) { r.secrets = []string{secret2} })
	sealed := stored(ep.GetId())
	key := strings.TrimPrefix(secret, "whsec_")
	if !strings.HasPrefix(sealed, "sealed:v1:") || strings.Contains(sealed, key) {
		t.Fatalf("stored secret %q: want it sealed", sealed)
	}

	// The first endpoint's sealed secret on the second's row.
	if _, err := s.Pool.Exec(ctx, "UPDATE webhook_endpoints SET secret = $1 WHERE id = $2", sealed, ep2.GetId()); err != nil {
		t.Fatal(err)
	}
	createVideo(t, creator, "one")
	if got := rcv.waitFor(1); got[0].Type != "video.created" {
		t.Fatalf("events %v", types(got))
	}
	ds := waitDeliveries(t, creator, ep2.GetId(), func(ds []*webhookv1.Delivery) bool {
		return len(ds) == 1 && ds[0].GetLastError() != ""
	})
	if e := ds[0].GetLastError(); !strings.Contains(e, "does not open under the server's master key") {
		t.Fatalf("a secret copied from another endpoint: %q", e)
	}
	other.mu.Lock()
	sent := len(other.tried)
	other.mu.Unlock()
	if sent != 0 {
		t.Fatalf("%d requests reached the endpoint whose secret does not open", sent)
	}

	// A secret stored before secrets were sealed signs as it is.
	if _, err := s.Pool.Exec(ctx, "UPDATE webhook_endpoints SET secret = $1 WHERE id = $2", secret, ep.GetId()); err != nil {
		t.Fatal(err)
	}
	createVideo(t, creator, "two")
	if got := rcv.waitFor(2); len(got) != 2 {
		t.Fatalf("events %v", types(got))
	}
}
