package playback

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

// With the chain watcher on (server/revoke), a transfer drops the gate's
// cached answers of both wallets on every replica at once. Playback then
// does two things more: it records each wallet's live grant, so that the
// watcher can tell the creator whose grant a transfer ended
// (access.revoked), and it asks the gate again at every key fetch, so
// that a wallet that sold its pass gets no key from the moment the
// watcher saw the transfer (answers stay cached in memory, so the check
// costs a map lookup until then).

// Grants records wallets' live playback grants; the server adapts
// *db.Store.
type Grants interface {
	RecordGrant(ctx context.Context, videoID uuid.UUID, wallet string, expires time.Time) error
}

// recordGrant notes a wallet's grant when grants are recorded, and says
// whether it is noted (true too when there is nothing to note). A failure
// is logged, not returned: the grant is valid, only a possible later
// access.revoked event would be missed (a reuse of the grant tries again,
// grant_reuse.go).
func (s *Service) recordGrant(ctx context.Context, v video, address string, expires time.Time) bool {
	if s.deps.Grants == nil || address == "" || v.ownedBy(address) {
		return true
	}
	if err := s.deps.Grants.RecordGrant(ctx, v.id, strings.ToLower(address), expires); err != nil {
		s.deps.Log.WarnContext(ctx, "playback: could not record a grant; a revocation of it will not be announced", "video", v.id, "err", err)
		return false
	}
	return true
}

// keyAllowed asks the gate before a key fetch when Config.KeyGate is set:
// a refused wallet gets 403, an unanswerable gate 503.
func (s *Service) keyAllowed(w http.ResponseWriter, r *http.Request, v video, t ticket) bool {
	if !s.cfg.KeyGate || t.address == "" {
		return true
	}
	err := s.admit(r.Context(), v, t.address, s.metrics.keyChecks)
	var denial *Denial
	switch {
	case err == nil:
		return true
	case errors.As(err, &denial):
		plainError(w, http.StatusForbidden)
	case errors.Is(err, ErrGateUnavailable):
		plainError(w, http.StatusServiceUnavailable)
	default:
		s.fail(w, r, "check gate for key", err)
	}
	return false
}
