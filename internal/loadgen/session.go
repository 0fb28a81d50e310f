package loadgen

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Grant is a playback URL and when to renew it (zero: never, as for a
// static server).
type Grant struct {
	URL     string
	Token   string
	RenewAt time.Time
	Expire  time.Time
}

// Authorizer gets a session its grant and renews it. StreamGate's is
// PlaybackService; a static server's returns a fixed URL.
type Authorizer interface {
	Authorize(ctx context.Context) (Grant, error)
	Renew(ctx context.Context, token string) (Grant, error)
}

// Static is the Authorizer of a server without tokens (nginx).
type Static string

// Authorize returns the URL.
func (s Static) Authorize(context.Context) (Grant, error) { return Grant{URL: string(s)}, nil }

// Renew is never called: the grant has no renew time.
func (s Static) Renew(context.Context, string) (Grant, error) { return Grant{URL: string(s)}, nil }

// stats is one session's account.
type stats struct {
	latencies        []time.Duration // segments only
	stalls, renewals int
	renewErrors      int
	err              error
}

// session is one viewer.
type session struct {
	cfg   *Config
	auth  Authorizer
	rng   *rand.Rand
	mu    sync.Mutex
	grant Grant
	st    stats
	// discard drops segment bodies unread into memory (Mirror keeps them).
	discard bool
}

// current returns the grant's URL parsed (it changes on renewal).
func (s *session) current() *url.URL {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, _ := url.Parse(s.grant.URL)
	return u
}

// fetch GETs ref resolved against base and reads the body.
func (s *session) fetch(ctx context.Context, base *url.URL, ref *url.URL) (*url.URL, []byte, error) {
	u := base.ResolveReference(ref)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return u, nil, err
	}
	res, err := s.cfg.Client.Do(req)
	if err != nil {
		return u, nil, err
	}
	defer res.Body.Close()
	var body []byte
	if s.discard && (strings.HasSuffix(u.Path, ".ts") || strings.HasSuffix(u.Path, ".m4s")) {
		_, err = io.Copy(io.Discard, res.Body) // the generator's core goes to requests, not copies
	} else {
		body, err = io.ReadAll(res.Body)
	}
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", u.Path, res.Status)
	}
	return u, body, err
}

// pick chooses a rung: Mix is the share of top, middle and lowest.
func (s *session) pick(vs []variant) variant {
	x := s.rng.Float64() * (s.cfg.Mix[0] + s.cfg.Mix[1] + s.cfg.Mix[2])
	switch {
	case x < s.cfg.Mix[0]:
		return vs[0]
	case x < s.cfg.Mix[0]+s.cfg.Mix[1]:
		return vs[len(vs)/2]
	default:
		return vs[len(vs)-1]
	}
}

// run plays until end or the first error.
func (s *session) run(ctx context.Context, end time.Time) {
	ctx, cancel := context.WithCancel(ctx)
	var renewing sync.WaitGroup
	err := s.play(ctx, end, &renewing)
	if ctx.Err() != nil {
		err = nil // the run ended mid-request: not the server's fault
	}
	cancel()
	renewing.Wait()
	s.st.err = err
}

func (s *session) play(ctx context.Context, end time.Time, renewing *sync.WaitGroup) error {
	g, err := s.auth.Authorize(ctx)
	if err != nil {
		return fmt.Errorf("authorize: %w", err)
	}
	s.grant = g
	if !g.RenewAt.IsZero() {
		renewing.Add(1)
		go func() { defer renewing.Done(); s.renewLoop(ctx) }()
	}
	master, body, err := s.fetch(ctx, s.current(), &url.URL{})
	if err != nil {
		return err
	}
	vs, err := parseMaster(string(body))
	if err != nil {
		return err
	}
	rung := s.pick(vs).uri
	_, body, err = s.fetch(ctx, master, rung)
	if err != nil {
		return err
	}
	m, err := parseMedia(string(body))
	if err != nil {
		return err
	}
	for _, ref := range []*url.URL{m.key, m.mp} {
		if ref != nil {
			if _, _, err := s.fetch(ctx, s.current().ResolveReference(rung), ref); err != nil {
				return err
			}
		}
	}
	return s.segments(ctx, end, rung, m)
}

// segments fetches the initial buffer back to back, then one segment each
// time one has played. A segment arriving after the moment the player
// needed it is a stall; playback resumes when it arrives.
func (s *session) segments(ctx context.Context, end time.Time, rung *url.URL, m media) error {
	speed, buffer := s.cfg.Speed, s.cfg.Buffer
	scale := func(sec float64) time.Duration { return time.Duration(sec / speed * float64(time.Second)) }
	var offsets []time.Duration // when segment k starts playing, from the start of playback
	var playStart time.Time
	at := time.Duration(0)
	for k := 0; ; k++ {
		seg := m.segments[k%len(m.segments)]
		offsets = append(offsets, at)
		at += scale(seg.dur)
		if k >= buffer {
			wake := playStart.Add(offsets[k-buffer+1])
			if wake.After(end) {
				return nil
			}
			if err := sleepUntil(ctx, wake); err != nil {
				return err
			}
		} else if time.Now().After(end) {
			return nil
		}
		t0 := time.Now()
		_, _, err := s.fetch(ctx, s.current().ResolveReference(rung), seg.uri)
		arrived := time.Now()
		if err != nil {
			return err
		}
		s.st.latencies = append(s.st.latencies, arrived.Sub(t0))
		switch {
		case k == buffer-1 || (buffer == 0 && k == 0):
			playStart = arrived
		case k >= buffer:
			if need := playStart.Add(offsets[k]); arrived.After(need) {
				s.st.stalls++
				playStart = playStart.Add(arrived.Sub(need)) // the picture froze that long
			}
		}
	}
}

// renewLoop renews the token at each grant's renew time, retrying
// transient failures while the token still works, like the SDK's players.
func (s *session) renewLoop(ctx context.Context) {
	for attempt := 0; ; {
		s.mu.Lock()
		g := s.grant
		s.mu.Unlock()
		at := g.RenewAt
		if attempt > 0 {
			at = time.Now().Add(time.Duration(1<<min(attempt, 5)) * time.Second)
			if !g.Expire.IsZero() && at.After(g.Expire) {
				return
			}
		}
		if sleepUntil(ctx, at) != nil {
			return
		}
		ng, err := s.auth.Renew(ctx, g.Token)
		s.mu.Lock()
		if err != nil {
			if ctx.Err() == nil {
				s.st.renewErrors++
			}
			attempt++
		} else {
			s.st.renewals++
			s.grant, attempt = ng, 0
		}
		s.mu.Unlock()
	}
}

func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
