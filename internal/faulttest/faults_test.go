package faulttest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/google/uuid"
)

// fault is one way a dependency fails, applied to its proxy and undone.
type fault struct {
	name  string
	down  bool // the dependency cannot answer at all
	apply func(p *toxiproxy.Proxy) error
	undo  func(p *toxiproxy.Proxy) error
}

func toxic(name, kind, stream string, attrs string) fault {
	return fault{
		name: name, down: kind != "latency",
		apply: func(p *toxiproxy.Proxy) error {
			_, err := p.Toxics.AddToxicJson(strings.NewReader(
				fmt.Sprintf(`{"name":%q,"type":%q,"stream":%q,"attributes":%s}`, name, kind, stream, attrs)))
			return err
		},
		undo: func(p *toxiproxy.Proxy) error { return p.Toxics.RemoveToxic(context.Background(), name) },
	}
}

var faults = []fault{
	{name: "refused", down: true,
		apply: func(p *toxiproxy.Proxy) error { p.Stop(); return nil },
		undo:  func(p *toxiproxy.Proxy) error { return p.Start() }},
	// Every byte towards the dependency is dropped and the connection
	// stays open: a network partition, where only a deadline helps.
	toxic("black-holed", "timeout", "upstream", `{"timeout":0}`),
	toxic("reset", "reset_peer", "upstream", `{"timeout":0}`),
	toxic("slow (+150 ms each way)", "latency", "downstream", `{"latency":150}`),
}

// promised are the answers the README promises while dep is down: a
// surface not named here may answer ok or unavailable, nothing else.
var promised = map[string]map[string][]string{
	"postgres": {
		"VideoService.GetVideo":      {"unavailable"},
		"VideoService.CreateVideo":   {"unavailable"},
		"UploadService.CreateUpload": {"unavailable"},
		// Who may see the video is read from the database on every check.
		"GateService.CheckAccess (holder, cached)": {"unavailable"},
		"TranscodeService.ClaimJob":                {"unavailable"},
		// A token already issued plays on from the last read of its
		// video's row; the key is read from the database.
		"/play master playlist (fetched before)": {"200"},
		"/play rendition playlist":               {"200"},
		"/play segment":                          {"200"},
		"/play key":                              {"503"},
	},
	"redis": {
		"AuthService.GetChallenge":                    {"unavailable"},
		"AuthService.WhoAmI":                          {"ok"},
		"VideoService.GetVideo":                       {"ok"},
		"VideoService.CreateVideo":                    {"ok"},
		"GateService.CheckAccess (ungated)":           {"ok"},
		"GateService.CheckAccess (holder, cached)":    {"ok"},
		"GateService.CheckAccess (non-holder)":        {"ok"},
		"GateService.ExplainAccess (uncached wallet)": {"ok"},
		"PlaybackService.Authorize (holder)":          {"ok"},
		"/play master playlist (fetched before)":      {"200"},
		"/play rendition playlist":                    {"200"},
		"/play segment":                               {"200"},
		"/play key":                                   {"200"},
		"TranscodeService.ClaimJob":                   {"ok"},
	},
	"s3": {
		"AuthService.GetChallenge":                    {"ok"},
		"VideoService.GetVideo":                       {"ok"},
		"UploadService.CreateUpload":                  {"unavailable"},
		"GateService.CheckAccess (holder, cached)":    {"ok"},
		"GateService.ExplainAccess (uncached wallet)": {"ok"},
		"PlaybackService.Authorize (holder)":          {"ok"},
		"/play master playlist (fetched before)":      {"200"},
		"/play rendition playlist":                    {"503"},
		"/play segment":                               {"503"},
		"/play key":                                   {"200"},
	},
	"chain": {
		"AuthService.GetChallenge":                    {"ok"},
		"VideoService.GetVideo":                       {"ok"},
		"GateService.CheckAccess (ungated)":           {"ok"},
		"GateService.CheckAccess (holder, cached)":    {"ok"},
		"GateService.ExplainAccess (uncached wallet)": {"unavailable"},
		"PlaybackService.Authorize (holder)":          {"ok"},
		"/play master playlist (fetched before)":      {"200"},
		"/play rendition playlist":                    {"200"},
		"/play segment":                               {"200"},
		"/play key":                                   {"200"},
		"TranscodeService.ClaimJob":                   {"ok"},
	},
}

// TestDependencyFaults fails each dependency in each way, calls every
// surface at once, and checks that each answers, within its own
// deadline, what the README promises (ok or unavailable with
// Retry-After, never a hang or internal), that nobody is let in who
// could not be proved, and that everything recovers by itself.
func TestDependencyFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("fault tests run whole servers")
	}
	for _, dep := range []string{"postgres", "redis", "s3", "chain"} {
		t.Run(dep, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			for _, f := range faults {
				t.Run(f.name, func(t *testing.T) { e.fault(t, dep, f) })
			}
		})
	}
}

func (e *env) fault(t *testing.T, dep string, f fault) {
	fresh := e.created(t)
	e.stageFor(t, fresh)
	p := e.proxies[dep]
	if err := f.apply(p); err != nil {
		t.Fatal(err)
	}
	undone := false
	undo := func() {
		if !undone {
			undone = true
			if err := f.undo(p); err != nil {
				t.Fatal(err)
			}
		}
	}
	defer undo()
	// Far past every server deadline: a call that needs it has hung.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	results := make([]result, len(surfaces))
	var wg sync.WaitGroup
	for i, s := range surfaces {
		wg.Go(func() { results[i] = s.call(ctx, e, fresh) })
	}
	want := ""
	if f.down {
		want = dep
	}
	ready := readyz(ctx, e, want)
	wg.Wait()
	for i, s := range surfaces {
		r := results[i]
		t.Logf("| %s | %s | %s | %s |", dep, f.name, s.name, r)
		e.check(t, dep, f, s.name, r)
	}
	t.Logf("%s / %s: /readyz: %s", dep, f.name, ready)
	if f.down && (ready.answer != "503" || !strings.Contains(ready.detail, `"`+dep+`"`)) {
		t.Errorf("/readyz does not name %s: %s", dep, ready)
	}
	if !f.down && !ready.ok() {
		t.Errorf("/readyz with %s slow: %s", dep, ready)
	}
	undo()
	e.recovers(t, dep, f)
}

func (e *env) check(t *testing.T, dep string, f fault, name string, r result) {
	t.Helper()
	if r.allowed && name == "GateService.CheckAccess (non-holder)" {
		t.Errorf("%s: a non-holder was let in with %s %s", name, dep, f.name)
	}
	healthy := []string{"ok", "200"}
	allowed := healthy
	if f.down {
		allowed = promised[dep][name]
		if allowed == nil {
			allowed = []string{"ok", "unavailable", "200", "503"}
		}
	}
	if !slices.Contains(allowed, r.answer) {
		t.Errorf("%s with %s %s: %s, want one of %v", name, dep, f.name, r, allowed)
	}
	if (r.answer == "unavailable" || r.answer == "503") && !r.retry {
		t.Errorf("%s with %s %s: unavailable without Retry-After", name, dep, f.name)
	}
}

// recovers waits until every surface answers as when healthy again.
func (e *env) recovers(t *testing.T, dep string, f fault) {
	t.Helper()
	start := time.Now()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		var failing []string
		for _, s := range surfaces {
			if s.name == "UploadService.CreateUpload" {
				continue // its video is used up; checked below with a new one
			}
			fresh := uuid.New()
			e.stageFor(t, fresh)
			if r := s.call(ctx, e, fresh); !r.ok() {
				failing = append(failing, s.name+": "+r.String())
			}
		}
		cancel()
		if len(failing) == 0 {
			break
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("%s did not recover from %s in 30 s:\n%s", dep, f.name, strings.Join(failing, "\n"))
		}
		time.Sleep(200 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if r := surfaces[4].call(ctx, e, e.created(t)); !r.ok() {
		t.Fatalf("CreateUpload after %s %s recovered: %s", dep, f.name, r)
	}
	t.Logf("%s / %s: recovered %v after the fault ended", dep, f.name, time.Since(start).Round(10*time.Millisecond))
}
