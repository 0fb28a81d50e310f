package playback

import "github.com/google/uuid"

// IssueForBench signs a token as Authorize does, bound to session
// (uuid.Nil: to none).
func (s *Service) IssueForBench(id uuid.UUID, address string, session uuid.UUID) (string, error) {
	token, _, err := s.issue(id, address, binding{session: session})
	return token, err
}
