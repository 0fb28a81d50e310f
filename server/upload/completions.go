package upload

import (
	"context"
	"fmt"

	"golang.org/x/sync/singleflight"

	"github.com/streamgate/streamgate/db/dbq"
)

// completions runs each upload's completion once, detached from the
// caller: a completion reads the whole file back (up to --upload-max-bytes),
// so a client that cancels and calls again must not start that read over.
// A second call for an upload being completed by this process waits for
// the same result (singleflight); other processes are kept out by the
// database claim (FailedPrecondition). Concurrent completions are capped
// per process.
type completions struct {
	slots  chan struct{}
	flight singleflight.Group
}

func newCompletions(max int) *completions {
	return &completions{slots: make(chan struct{}, max)}
}

// completeOnce completes u, or joins the completion of u already running
// here. A caller whose ctx ends stops waiting, not the completion, which
// is bounded by VerifyStaleAfter (past it another server may take the
// upload over). local, the stream's own copy of the file, must outlive
// the completion, so a call that hands one in waits for the end whatever
// its ctx.
func (s *Service) completeOnce(ctx context.Context, u dbq.Upload, local *localCopy) (dbq.Upload, error) {
	c := s.completions
	// Keyed by the declaration too: a call that names another parts_sha256
	// for an upload that declared none does not take this one's result
	// (its own finds the upload claimed).
	done := c.flight.DoChan(u.ID.String()+"/"+u.PartsSha256, func() (any, error) {
		select {
		case c.slots <- struct{}{}:
			defer func() { <-c.slots }()
		default:
			return u, fmt.Errorf("%w: retry CompleteUpload later; the upload keeps its parts", ErrCompletionsBusy)
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.VerifyStaleAfter)
		defer cancel()
		return s.complete(ctx, u, local)
	})
	var r singleflight.Result
	if local != nil {
		r = <-done
	} else {
		select {
		case r = <-done:
		case <-ctx.Done():
			return u, ctx.Err()
		}
	}
	return r.Val.(dbq.Upload), r.Err
}
