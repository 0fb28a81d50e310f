package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/streamgate/streamgate/internal/loadgen"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// playback authorizes and renews through PlaybackService, each session on
// its own grant, as the SDK's players do.
type playback struct {
	c     *streamgate.Client
	video string
}

func (p playback) Authorize(ctx context.Context) (loadgen.Grant, error) {
	g, err := p.c.Authorize(ctx, p.video)
	if err != nil {
		return loadgen.Grant{}, err
	}
	return loadgen.Grant{URL: g.GetPlaybackUrl(), Token: g.GetToken(),
		RenewAt: g.GetRenewTime().AsTime(), Expire: g.GetExpireTime().AsTime()}, nil
}

func (p playback) Renew(ctx context.Context, token string) (loadgen.Grant, error) {
	g, err := p.c.Renew(ctx, token)
	if err != nil {
		return loadgen.Grant{}, err
	}
	return loadgen.Grant{URL: g.GetPlaybackUrl(), Token: g.GetToken(),
		RenewAt: g.GetRenewTime().AsTime(), Expire: g.GetExpireTime().AsTime()}, nil
}

type target struct {
	name string
	auth loadgen.Authorizer
	max  int
	done bool // failed a level every try
}

func (t *target) held(n int) bool { return t.max == n }

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	api := fs.String("api", "http://127.0.0.1:8080", "StreamGate where the viewer signs in")
	play := fs.String("playback", "", "StreamGate hosting the playback role (default --api)")
	video := fs.String("video", "", "video id (public, or one the demo viewer may watch)")
	static := fs.String("static", "", "master playlist URL of the same files on a static server (nginx); empty: StreamGate only")
	levels := fs.String("levels", "10,20,40,80,160,320", "concurrent sessions to step through, ascending")
	limit := fs.Duration("limit", 100*time.Millisecond, "a level is sustained when every session plays to the end with p99 segment latency below this")
	tries := fs.Int("tries", 1, "runs of a level before a server is said not to hold it (a loaded machine's noise)")
	mix := fs.String("mix", "50,30,20", "percent of viewers on the top, middle and lowest rung")
	d := loadgen.DefaultConfig()
	fs.DurationVar(&d.Ramp, "ramp", d.Ramp, "start the sessions evenly over this long")
	fs.DurationVar(&d.Duration, "duration", d.Duration, "then play this long")
	fs.IntVar(&d.Buffer, "buffer", d.Buffer, "segments fetched back to back before playing")
	fs.Float64Var(&d.Speed, "speed", d.Speed, "media time per wall time (2: twice real-time pace, for short runs)")
	_ = fs.Parse(args)
	steps, err := parseInts(*levels)
	if err == nil && !slices.IsSorted(steps) {
		err = errors.New("not ascending")
	}
	if err != nil {
		return fmt.Errorf("--levels: %w", err)
	}
	m, err := parseInts(*mix)
	if err != nil || len(m) != 3 {
		return errors.New("--mix: want three percentages, top,middle,lowest")
	}
	d.Mix = [3]float64{float64(m[0]), float64(m[1]), float64(m[2])}
	if *video == "" {
		return errors.New("--video is required")
	}
	rpc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	c, err := viewer(ctx, *api, *play, rpc)
	if err != nil {
		return err
	}
	targets := []*target{{name: "streamgate", auth: playback{c, *video}}}
	if *static != "" {
		targets = append(targets, &target{name: "nginx", auth: loadgen.Static(*static)})
	}
	fmt.Printf("%-10s %8s %9s %8s %9s %9s %6s %8s  %s\n", "server", "sessions", "sustained", "segments", "p50", "p99", "stalls", "renewals", "verdict")
	// The servers take turns at each level and try, so both see the
	// machine in about the same state.
	for _, n := range steps {
		for try := 1; try <= *tries; try++ {
			for _, t := range targets {
				if t.done || t.held(n) {
					continue
				}
				if err := step(ctx, d, n, *limit, t, try == *tries); err != nil {
					return err
				}
			}
		}
	}
	return summary(targets)
}

// step runs one level against one target, each session on its own
// connection like a real viewer.
func step(ctx context.Context, d loadgen.Config, n int, limit time.Duration, t *target, last bool) error {
	cfg := d
	cfg.Sessions = n
	tr := &http.Transport{MaxIdleConnsPerHost: n + 16, MaxIdleConns: n + 16, DisableCompression: true}
	defer tr.CloseIdleConnections()
	cfg.Client = &http.Client{Transport: tr, Timeout: 30 * time.Second}
	r, err := loadgen.Run(ctx, cfg, t.auth)
	if err != nil {
		return err
	}
	verdict := "held"
	if r.Holds(limit) {
		t.max = n
	} else {
		t.done = last
		verdict = fmt.Sprintf("NOT held (p99 >= %v or failures)", limit)
		if r.FirstErr != nil {
			verdict += ": " + r.FirstErr.Error()
		}
	}
	fmt.Printf("%-10s %8d %9d %8d %9s %9s %6d %8d  %s\n", t.name, r.Sessions, r.Sustained, r.Segments,
		r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Stalls, r.Renewals, verdict)
	time.Sleep(time.Second) // let the last connections close
	return nil
}

func summary(targets []*target) error {
	fmt.Println()
	for _, t := range targets {
		note := ""
		if !t.done {
			note = " (held at every level: raise --levels)"
		}
		fmt.Printf("%s sustains %d sessions%s\n", t.name, t.max, note)
	}
	if len(targets) == 2 {
		if targets[1].max == 0 {
			fmt.Println("ratio: nginx sustained no level")
			return nil
		}
		fmt.Printf("ratio streamgate/nginx: %.2f (target >= 0.80)\n", float64(targets[0].max)/float64(targets[1].max))
	}
	return nil
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("bad number %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}
