package upload

import (
	"context"
	"fmt"
	"sync"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
)

// completions runs each upload's completion once, detached from the
// caller: a completion reads the whole file back (up to --upload-max-bytes),
// so a client that cancels and calls again must not start that read over.
// A second call for an upload being completed by this process waits for
// the same result; other processes are kept out by the database claim
// (FailedPrecondition). Concurrent completions are capped per process.
type completions struct {
	slots chan struct{}

	mu      sync.Mutex
	running map[uuid.UUID]*completion
}

// completion is one run, shared by every call waiting for it.
type completion struct {
	done chan struct{}
	u    dbq.Upload
	err  error
}

func newCompletions(max int) *completions {
	return &completions{slots: make(chan struct{}, max), running: map[uuid.UUID]*completion{}}
}

// completeOnce completes u, or joins the completion of u already running
// here. A caller whose ctx ends stops waiting, not the completion, which
// is bounded by VerifyStaleAfter (past it another server may take the
// upload over). local, the stream's own copy of the file, must outlive
// the completion, so a call that hands one in waits for the end whatever
// its ctx.
func (s *Service) completeOnce(ctx context.Context, u dbq.Upload, local *localCopy) (dbq.Upload, error) {
	c := s.completions
	c.mu.Lock()
	run := c.running[u.ID]
	if run == nil {
		select {
		case c.slots <- struct{}{}:
		default:
			c.mu.Unlock()
			return u, fmt.Errorf("%w: retry CompleteUpload later; the upload keeps its parts", ErrCompletionsBusy)
		}
		run = &completion{done: make(chan struct{})}
		c.running[u.ID] = run
		go s.runCompletion(ctx, u, local, run)
	}
	c.mu.Unlock()
	if local != nil {
		<-run.done
		return run.u, run.err
	}
	select {
	case <-run.done:
		return run.u, run.err
	case <-ctx.Done():
		return u, ctx.Err()
	}
}

func (s *Service) runCompletion(ctx context.Context, u dbq.Upload, local *localCopy, run *completion) {
	c := s.completions
	defer func() {
		c.mu.Lock()
		delete(c.running, u.ID)
		<-c.slots
		c.mu.Unlock()
		close(run.done)
	}()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.VerifyStaleAfter)
	defer cancel()
	run.u, run.err = s.complete(ctx, u, local)
}
