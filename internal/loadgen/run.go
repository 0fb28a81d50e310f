package loadgen

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Config is one run: Sessions viewers started evenly over Ramp, all
// playing until Ramp+Duration.
type Config struct {
	Sessions int
	Ramp     time.Duration
	Duration time.Duration
	// Buffer is how many segments a player fetches back to back before
	// it starts playing (hls.js and Safari buffer 2-3).
	Buffer int
	// Speed divides media time: 1 is real time; 4 plays a 2 s segment in
	// 0.5 s, to keep runs short (each viewer then costs 4x the requests).
	Speed float64
	// Mix is the share of viewers on the top, middle and lowest rung.
	Mix [3]float64
	// Client does the HTTP requests (its transport's idle pool should
	// hold one connection per session).
	Client *http.Client
	Seed   uint64
}

// DefaultConfig is 50% top, 30% middle, 20% lowest, a 3-segment buffer,
// real time.
func DefaultConfig() Config {
	return Config{Sessions: 10, Ramp: 5 * time.Second, Duration: 30 * time.Second, Buffer: 3, Speed: 1,
		Mix: [3]float64{0.5, 0.3, 0.2}, Client: http.DefaultClient, Seed: 1}
}

// Validate checks the config.
func (c Config) Validate() error {
	switch {
	case c.Sessions < 1:
		return errors.New("sessions must be at least 1")
	case c.Ramp < 0 || c.Duration <= 0:
		return errors.New("ramp must be >= 0 and duration > 0")
	case c.Buffer < 1:
		return errors.New("buffer must be at least 1 segment")
	case c.Speed <= 0:
		return errors.New("speed must be > 0")
	case c.Mix[0] < 0 || c.Mix[1] < 0 || c.Mix[2] < 0 || c.Mix[0]+c.Mix[1]+c.Mix[2] == 0:
		return errors.New("mix needs non-negative shares, not all zero")
	case c.Client == nil:
		return errors.New("no HTTP client")
	}
	return nil
}

// Result is what a run measured.
type Result struct {
	Sessions  int // started
	Sustained int // played to the end with no failed request
	Segments  int
	P50, P99  time.Duration // segment latency (request to last byte)
	Stalls    int           // segments that arrived after the buffer ran dry
	Renewals  int
	RenewErrs int
	FirstErr  error // of the first failed session
}

// Run plays cfg.Sessions viewers against auth's grants.
func Run(ctx context.Context, cfg Config, auth Authorizer) (Result, error) {
	if err := cfg.Validate(); err != nil {
		return Result{}, err
	}
	start := time.Now()
	end := start.Add(cfg.Ramp + cfg.Duration)
	ctx, cancel := context.WithDeadline(ctx, end.Add(5*time.Second))
	defer cancel()
	sessions := make([]*session, cfg.Sessions)
	var wg sync.WaitGroup
	for i := range sessions {
		s := &session{cfg: &cfg, auth: auth, rng: rand.New(rand.NewPCG(cfg.Seed, uint64(i))), discard: true}
		sessions[i] = s
		at := start.Add(cfg.Ramp * time.Duration(i) / time.Duration(cfg.Sessions))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if sleepUntil(ctx, at) == nil {
				s.run(ctx, end)
			}
		}()
	}
	wg.Wait()
	return aggregate(sessions), nil
}

func aggregate(sessions []*session) Result {
	r := Result{Sessions: len(sessions)}
	var all []time.Duration
	for _, s := range sessions {
		all = append(all, s.st.latencies...)
		r.Stalls += s.st.stalls
		r.Renewals += s.st.renewals
		r.RenewErrs += s.st.renewErrors
		if s.st.err == nil && s.st.renewErrors == 0 {
			r.Sustained++
		} else if r.FirstErr == nil {
			r.FirstErr = s.st.err
			if r.FirstErr == nil {
				r.FirstErr = fmt.Errorf("%d renewals failed", s.st.renewErrors)
			}
		}
	}
	r.Segments = len(all)
	if len(all) > 0 {
		slices.Sort(all)
		r.P50, r.P99 = quantile(all, 0.50), quantile(all, 0.99)
	}
	return r
}

// quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// Holds reports whether every session was sustained with p99 under limit.
func (r Result) Holds(limit time.Duration) bool {
	return r.Sustained == r.Sessions && r.Segments > 0 && r.P99 < limit
}
