package webhook

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/internal/testenv"
	"github.com/streamgate/streamgate/server/hlskey"
)

func testSealer(t *testing.T, master byte) sealer {
	t.Helper()
	key := make([]byte, hlskey.MasterKeySize)
	key[0] = master
	s, err := newSealer(hlskey.Config{MasterKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A sealed secret opens for its own endpoint under its own master key
// only; a secret stored before sealing, and no secret, pass as they are.
func TestSealOpen(t *testing.T) {
	s := testSealer(t, 1)
	ep, other := uuid.New(), uuid.New()
	secret := newSecret()
	sealed := s.seal(ep, secret)
	if !strings.HasPrefix(sealed, sealedPrefix) || strings.Contains(sealed, strings.TrimPrefix(secret, secretPrefix)) {
		t.Fatalf("sealed %q", sealed)
	}
	if got, err := s.open(ep, sealed); err != nil || got != secret {
		t.Fatalf("open: %q %v", got, err)
	}
	for name, c := range map[string]struct {
		s      sealer
		ep     uuid.UUID
		stored string
	}{
		"another endpoint":  {s, other, sealed},
		"another master":    {testSealer(t, 2), ep, sealed},
		"not base64":        {s, ep, sealedPrefix + "%%%"},
		"cut short":         {s, ep, sealed[:len(sealedPrefix)+8]},
		"a flipped bit":     {s, ep, sealed[:len(sealed)-4] + flip(sealed[len(sealed)-4:])},
		"the prefix alone":  {s, ep, sealedPrefix},
		"another kind (AD)": {s, ep, sealedPrefix + base64.StdEncoding.EncodeToString(s.box.Seal(ep[:], []byte(secret)))},
	} {
		if got, err := c.s.open(c.ep, c.stored); !errors.Is(err, hlskey.ErrSealed) || got != "" {
			t.Errorf("%s: %q %v, want ErrSealed", name, got, err)
		}
	}
	for _, plain := range []string{secret, ""} {
		if got, err := s.open(ep, plain); err != nil || got != plain {
			t.Errorf("stored as %q: %q %v", plain, got, err)
		}
	}
}

func flip(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

// sealStored seals what was stored in the clear, secret and previous
// secret, leaves sealed and empty ones alone, and loses to a rotation
// that landed after its read.
func TestSealStored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	q := dbq.New(testenv.DB(t))
	s := testSealer(t, 1)
	mk := func(secret string) uuid.UUID {
		t.Helper()
		e, err := q.CreateWebhookEndpoint(ctx, dbq.CreateWebhookEndpointParams{
			ID: uuid.New(), OwnerAddress: "0x0000000000000000000000000000000000000001", Url: "https://example.com/hooks",
			EventTypes: []string{}, Enabled: true, Secret: secret,
		})
		if err != nil {
			t.Fatal(err)
		}
		return e.ID
	}
	plain, rotated, already := newSecret(), newSecret(), newSecret()
	legacy := mk(plain)
	withPrevious := mk(plain)
	if _, err := q.RotateWebhookSecret(ctx, dbq.RotateWebhookSecretParams{ID: withPrevious, Secret: rotated, GraceSeconds: 3600}); err != nil {
		t.Fatal(err)
	}
	sealedID := uuid.New()
	sealedOne, err := q.CreateWebhookEndpoint(ctx, dbq.CreateWebhookEndpointParams{
		ID: sealedID, OwnerAddress: "0x0000000000000000000000000000000000000001", Url: "https://example.com/hooks",
		EventTypes: []string{}, Enabled: true, Secret: s.seal(sealedID, already),
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.sealStored(ctx, q); err != nil || n != 2 {
		t.Fatalf("sealed %d (%v), want 2", n, err)
	}
	for _, c := range []struct {
		id             uuid.UUID
		secret, before string
	}{{legacy, plain, ""}, {withPrevious, rotated, plain}, {sealedID, already, ""}} {
		e, err := q.GetWebhookEndpoint(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(e.Secret, sealedPrefix) || c.before != "" && !strings.HasPrefix(e.PreviousSecret, sealedPrefix) || c.before == "" && e.PreviousSecret != "" {
			t.Errorf("endpoint %s stored %q / %q", c.id, e.Secret, e.PreviousSecret)
		}
		if got, err := s.open(c.id, e.Secret); err != nil || got != c.secret {
			t.Errorf("endpoint %s: secret opens to %q (%v)", c.id, got, err)
		}
		if got, err := s.open(c.id, e.PreviousSecret); err != nil || got != c.before {
			t.Errorf("endpoint %s: previous secret opens to %q (%v)", c.id, got, err)
		}
	}
	if e, _ := q.GetWebhookEndpoint(ctx, sealedID); e.Secret != sealedOne.Secret {
		t.Error("a sealed secret was sealed again")
	}
	if n, err := s.sealStored(ctx, q); err != nil || n != 0 {
		t.Fatalf("a second pass sealed %d (%v)", n, err)
	}

	// A rotation between the read and the write wins.
	late := mk(plain)
	stale := staleList{q: q, rows: []dbq.ListUnsealedWebhookSecretsRow{{ID: late, Secret: plain}}}
	newer := newSecret()
	if _, err := q.RotateWebhookSecret(ctx, dbq.RotateWebhookSecretParams{ID: late, Secret: newer, GraceSeconds: 3600}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.sealStored(ctx, stale); err != nil || n != 0 {
		t.Fatalf("sealed %d (%v) over a rotation", n, err)
	}
	if e, _ := q.GetWebhookEndpoint(ctx, late); e.Secret != newer || e.PreviousSecret != plain {
		t.Errorf("the rotation was overwritten: %q / %q", e.Secret, e.PreviousSecret)
	}
}

// staleList answers the list with rows read before a change.
type staleList struct {
	q    *dbq.Queries
	rows []dbq.ListUnsealedWebhookSecretsRow
}

func (s staleList) ListUnsealedWebhookSecrets(context.Context) ([]dbq.ListUnsealedWebhookSecretsRow, error) {
	return s.rows, nil
}

func (s staleList) SealWebhookSecrets(ctx context.Context, arg dbq.SealWebhookSecretsParams) (int64, error) {
	return s.q.SealWebhookSecrets(ctx, arg)
}
