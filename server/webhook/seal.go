package webhook

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/hlskey"
)

// Endpoints' signing secrets are sealed at rest under the master key
// (--key-master, hlskey.Box), bound to their endpoint's id: a copy of the
// database, or a secret copied onto another endpoint's row, signs
// nothing. CreateEndpoint and RotateSecret store them sealed and answer
// the plain secret once; the deliverer opens them to sign. A secret
// stored before secrets were sealed has no sealedPrefix: it is used as it
// is, and the deliverer's housekeeping seals it (sealStored).

// sealedPrefix starts a sealed secret as stored: the version, then the
// box's output in base64.
const sealedPrefix = "sealed:v1:"

// secretAD binds a sealed secret to its endpoint, and apart from every
// other kind of secret the box seals (content keys are bound to a bare
// video id).
func secretAD(endpoint uuid.UUID) []byte {
	return append([]byte("streamgate webhook secret\x00"), endpoint[:]...)
}

// sealer seals and opens endpoints' secrets.
type sealer struct{ box *hlskey.Box }

func newSealer(keys hlskey.Config) (sealer, error) {
	box, err := hlskey.NewBox(keys)
	if err != nil {
		return sealer{}, fmt.Errorf("webhook: %w", err)
	}
	return sealer{box: box}, nil
}

func (s sealer) seal(endpoint uuid.UUID, secret string) string {
	return sealedPrefix + base64.StdEncoding.EncodeToString(s.box.Seal(secretAD(endpoint), []byte(secret)))
}

// open returns the secret stored as stored: sealed, or as it was stored
// before sealing ("" stays "": no previous secret).
func (s sealer) open(endpoint uuid.UUID, stored string) (string, error) {
	rest, ok := strings.CutPrefix(stored, sealedPrefix)
	if !ok {
		return stored, nil
	}
	raw, err := base64.StdEncoding.DecodeString(rest)
	if err != nil {
		return "", hlskey.ErrSealed
	}
	plain, err := s.box.Open(secretAD(endpoint), raw)
	if err != nil {
		return "", err
	}
	return string(plain), nil
}

// sealable is the part of the database sealStored uses.
type sealable interface {
	ListUnsealedWebhookSecrets(ctx context.Context) ([]dbq.ListUnsealedWebhookSecretsRow, error)
	SealWebhookSecrets(ctx context.Context, arg dbq.SealWebhookSecretsParams) (int64, error)
}

// sealStored seals the secrets stored before secrets were sealed (up to
// 500 endpoints a call) and returns how many endpoints it sealed. A row
// that changed since it was read (rotated meanwhile) is left for the next
// call.
func (s sealer) sealStored(ctx context.Context, q sealable) (int, error) {
	rows, err := q.ListUnsealedWebhookSecrets(ctx)
	if err != nil {
		return 0, fmt.Errorf("list unsealed secrets: %w", err)
	}
	n := 0
	for _, r := range rows {
		p := dbq.SealWebhookSecretsParams{ID: r.ID, Secret: r.Secret, PreviousSecret: r.PreviousSecret,
			SealedSecret: s.sealOnce(r.ID, r.Secret), SealedPrevious: s.sealOnce(r.ID, r.PreviousSecret)}
		done, err := q.SealWebhookSecrets(ctx, p)
		if err != nil {
			return n, fmt.Errorf("seal the secrets of endpoint %s: %w", r.ID, err)
		}
		n += int(done)
	}
	return n, nil
}

// sealOnce seals a stored secret unless it is sealed already, or empty.
func (s sealer) sealOnce(endpoint uuid.UUID, stored string) string {
	if stored == "" || strings.HasPrefix(stored, sealedPrefix) {
		return stored
	}
	return s.seal(endpoint, stored)
}
