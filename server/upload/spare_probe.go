package upload

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/otel/trace"

	"github.com/streamgate/streamgate/db/dbq"
)

// Most of an ffprobe run is ffprobe starting (loading some 200 shared
// libraries: 0.13-0.2 s of a core on the project's machine), not reading
// the file. A presigned upload's completion starts its probe when the join
// begins (probeFile.start), which still leaves most of that start after
// the join and the copy. But a presigned upload's completion is near once
// its last part is presigned: so PresignParts of an upload's last part
// makes the completion's copy then (the same empty, leased file in
// --upload-temp-dir), and starts ffprobe on it; the completion takes it
// (takeProbeFile) and writes its copy into it. ffprobe's arguments, the
// file it opens and when it may open it are as before: only when it
// starts changes.
//
// One per upload (presigning the last part again keeps the first), and it
// takes one of the early probes' slots (as many as --max-completions), so
// presigning cannot run more ffprobes than completions can. One not taken
// within half the early budget is stopped and its file removed; the
// completion then starts its own, as before, and always has at least the
// other half of the budget for its join and copy.

// spares holds the probes started for completions still to come, by
// upload.
type spares struct {
	mu sync.Mutex
	m  map[uuid.UUID]*spare
}

type spare struct {
	f     *probeFile
	timer *time.Timer // drops the spare at its deadline
}

// prepareProbe starts the probe of u's completion now, unless one is
// waiting already or no early probe may start (see above).
func (s *Service) prepareProbe(ctx context.Context, u dbq.Upload) {
	if s.earlyBudget <= 0 {
		return
	}
	s.spares.mu.Lock()
	defer s.spares.mu.Unlock()
	if _, ok := s.spares.m[u.ID]; ok {
		return
	}
	f, err := s.newProbeFile("streamgate-upload-*")
	if err != nil {
		s.deps.Log.Warn("copy for an upload's probe", "upload", u.ID, "err", err)
		return
	}
	// Its ffprobe span goes in the trace of the completion that takes it
	// (probeFile.probe), not in this call's.
	if !f.start(trace.ContextWithSpan(ctx, trace.SpanFromContext(context.Background()))) {
		f.close()
		return
	}
	if s.spares.m == nil {
		s.spares.m = map[uuid.UUID]*spare{}
	}
	s.spares.m[u.ID] = &spare{f: f, timer: time.AfterFunc(s.earlyBudget/2, func() { s.dropSpare(u.ID, f) })}
}

// dropSpare stops and removes f, upload id's spare, unless it was taken.
func (s *Service) dropSpare(id uuid.UUID, f *probeFile) {
	s.spares.mu.Lock()
	sp, ok := s.spares.m[id]
	ok = ok && sp.f == f
	if ok {
		delete(s.spares.m, id)
	}
	s.spares.mu.Unlock()
	if ok {
		f.close()
	}
}

// dropSpares stops and removes every spare (the service is stopping).
func (s *Service) dropSpares() {
	s.spares.mu.Lock()
	m := s.spares.m
	s.spares.m = nil
	s.spares.mu.Unlock()
	for _, sp := range m {
		sp.timer.Stop() // a dropSpare under way finds none
		sp.f.close()
	}
}

// takeProbeFile returns the copy prepared for upload id's completion, its
// probe running, or else a new empty one.
func (s *Service) takeProbeFile(id uuid.UUID) (*probeFile, error) {
	s.spares.mu.Lock()
	sp, ok := s.spares.m[id]
	ok = ok && sp.timer.Stop() // false: dropSpare is under way and removes it
	if ok {
		delete(s.spares.m, id)
	}
	s.spares.mu.Unlock()
	if ok {
		return sp.f, nil
	}
	return s.newProbeFile("streamgate-upload-*")
}
