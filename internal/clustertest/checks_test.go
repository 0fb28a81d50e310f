package clustertest

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// viewers: creators gate their videos (a rule, then another: the last
// one holds), then holders and strangers sign in and ask to watch every
// video at once, with chain reads slowed so Authorize calls are in
// flight when the playback server is SIGKILLed. Holders play (master,
// media playlist, key, a segment) and renew; strangers are refused.
func (c *cluster) viewers(e *errs, creators, holders, strangers []*ecdsa.PrivateKey, videos []string) {
	t := c.t
	owners := c.owners()
	for _, key := range creators {
		cl := c.signIn(e, key, false) // gRPC through nginx's h2c port
		addr := strings.ToLower(streamgate.NewKeySigner(key).Address())
		for _, id := range videos {
			if owners[id] == addr {
				c.setRule(e, cl, id, nftRule(c, "2"))
				c.setRule(e, cl, id, nftRule(c, "1"))
			}
		}
	}
	c.slowRPC.Store(true)
	defer c.slowRPC.Store(false)
	var inFlight atomic.Int64
	var wg sync.WaitGroup
	authorize := func(cl *streamgate.Client, id string) (*playbackv1.Grant, error) {
		inFlight.Add(1)
		defer inFlight.Add(-1)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return cl.Authorize(ctx, id)
	}
	for round := range 3 {
		for _, key := range holders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cl := c.signIn(e, key, round%2 == 0)
				for _, id := range videos {
					g := retry(t, e, "authorize", func(context.Context) (*playbackv1.Grant, error) { return authorize(cl, id) })
					if g == nil {
						return
					}
					c.play(e, g.GetPlaybackUrl())
					retry(t, e, "renew", func(ctx context.Context) (*playbackv1.Grant, error) { return cl.Renew(ctx, g.GetToken()) })
				}
			}()
		}
		for _, key := range strangers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cl := c.signIn(e, key, true)
				for _, id := range videos {
					for {
						_, err := authorize(cl, id)
						if transient(err) {
							e.add("authorize:" + connect.CodeOf(err).String())
							continue
						}
						if connect.CodeOf(err) != connect.CodePermissionDenied {
							t.Errorf("stranger watching %s: got %v, want permission_denied", id, err)
						}
						break
					}
				}
			}()
		}
		if round == 0 {
			waitFor(t, "Authorize calls in flight", func() bool { return inFlight.Load() >= 3 })
			c.killServer("playback")
		}
	}
	wg.Wait()
	broken := 0
	e.mu.Lock()
	for k, n := range e.m {
		if strings.HasPrefix(k, "authorize:") {
			broken += n
		}
	}
	e.mu.Unlock()
	if broken == 0 {
		t.Error("no Authorize call failed when the playback server died: the kill did not land mid-Authorize")
	}
}

// play fetches what a player fetches first: the master playlist, the
// first media playlist, its key and its first segment.
func (c *cluster) play(e *errs, master string) {
	t := c.t
	body := retry(t, e, "play", func(context.Context) ([]byte, error) { return get(master) })
	media := firstURI(string(body))
	if media == "" {
		t.Errorf("master playlist names no media playlist:\n%s", body)
		return
	}
	mediaURL := resolve(master, media)
	pl := string(retry(t, e, "play", func(context.Context) ([]byte, error) { return get(mediaURL) }))
	key := ""
	if i := strings.Index(pl, `URI="`); i >= 0 {
		key = pl[i+5:]
		key = key[:strings.IndexByte(key, '"')]
	}
	seg := firstURI(pl)
	if key == "" || seg == "" {
		t.Errorf("media playlist without key or segment:\n%s", pl)
		return
	}
	for _, u := range []string{resolve(mediaURL, key), resolve(mediaURL, seg)} {
		if b := retry(t, e, "play", func(context.Context) ([]byte, error) { return get(u) }); len(b) == 0 {
			t.Errorf("empty body at %s", redactURL(u))
		}
	}
}

func firstURI(playlist string) string {
	for _, line := range strings.Split(playlist, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			return line
		}
	}
	return ""
}

func resolve(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return b.ResolveReference(r).String()
}

// crossReplica: a session made through nginx works on every server that
// checks sessions, a playback token on every server that serves /play/,
// and a sign-out on one server is honoured by all of them once the
// documented window (--auth-session-cache) has passed.
func (c *cluster) crossReplica(e *errs, holder *ecdsa.PrivateKey, videoID string) {
	t := c.t
	ctx := context.Background()
	cl := c.signIn(e, holder, true)
	tokens := cl.Tokens()
	on := func(role string) *streamgate.Client {
		d := c.directClient(role)
		d.SetTokens(tokens)
		return d
	}
	for _, role := range []string{"api", "all"} {
		if _, err := on(role).Auth.WhoAmI(ctx, connect.NewRequest(&authv1.WhoAmIRequest{})); err != nil {
			t.Errorf("session made through nginx, WhoAmI on %s: %v", role, err)
		}
	}
	grant := retry(t, e, "authorize", func(ctx context.Context) (*playbackv1.Grant, error) { return cl.Authorize(ctx, videoID) })
	token := grant.GetToken()
	for _, role := range []string{"playback", "all"} {
		if _, err := get(c.direct[role] + "/play/" + token + "/master.m3u8"); err != nil {
			t.Errorf("playback token on %s: %v", role, err)
		}
		if _, err := on(role).Authorize(ctx, videoID); err != nil {
			t.Errorf("session on %s: Authorize: %v", role, err)
		}
		if _, err := on(role).Renew(ctx, token); err != nil {
			t.Errorf("playback token on %s: Renew: %v", role, err)
		}
	}
	if err := on("api").SignOut(ctx); err != nil {
		t.Fatalf("sign out on api: %v", err)
	}
	time.Sleep(sessionTTL + time.Second)
	for _, role := range []string{"api", "all"} {
		if _, err := on(role).Auth.WhoAmI(ctx, connect.NewRequest(&authv1.WhoAmIRequest{})); connect.CodeOf(err) != connect.CodeUnauthenticated {
			t.Errorf("signed out on api, WhoAmI on %s after %s: got %v, want unauthenticated", role, sessionTTL, err)
		}
	}
	for _, role := range []string{"playback", "all"} {
		if _, err := on(role).Authorize(ctx, videoID); connect.CodeOf(err) != connect.CodeUnauthenticated {
			t.Errorf("signed out on api, Authorize on %s after %s: got %v, want unauthenticated", role, sessionTTL, err)
		}
	}
}

func (c *cluster) db() *pgx.Conn {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.pg.url())
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// owners maps video ids to their owner's lowercase address.
func (c *cluster) owners() map[string]string {
	rows, err := c.db().Query(context.Background(), "SELECT id::text, lower(owner_address) FROM videos")
	if err != nil {
		c.t.Fatal(err)
	}
	out := map[string]string{}
	for rows.Next() {
		var id, owner string
		if err := rows.Scan(&id, &owner); err != nil {
			c.t.Fatal(err)
		}
		out[id] = owner
	}
	return out
}

// checkState: nothing lost or doubled, nothing left behind.
func (c *cluster) checkState(videos []string) {
	t := c.t
	ctx := context.Background()
	conn := c.db()
	var n int
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(conn.QueryRow(ctx, "SELECT count(*) FROM videos").Scan(&n))
	if n != len(videos) {
		t.Errorf("%d videos in the database, %d made", n, len(videos))
	}
	// Every video ready exactly once: one succeeded job, no live one, and
	// the published prefix is that job's attempt's.
	rows, err := conn.Query(ctx, `
SELECT v.id::text, v.status::text, v.hls_prefix,
       count(j.*) FILTER (WHERE j.state = 'succeeded'),
       count(j.*) FILTER (WHERE j.state IN ('queued', 'running')),
       coalesce(max('transcode/' || v.id || '/' || j.id || '-' || j.attempt || '/') FILTER (WHERE j.state = 'succeeded'), ''),
       coalesce(max(j.attempt), 0)
FROM videos v LEFT JOIN transcode_jobs j ON j.video_id = v.id
GROUP BY v.id`)
	must(err)
	retried := 0
	for rows.Next() {
		var id, status, prefix, published string
		var succeeded, live, attempts int
		must(rows.Scan(&id, &status, &prefix, &succeeded, &live, &published, &attempts))
		if status != "ready" || succeeded != 1 || live != 0 || prefix == "" || prefix != published {
			t.Errorf("video %s: status %s, %d succeeded jobs, %d live, hls_prefix %q, succeeded attempt's prefix %q",
				id, status, succeeded, live, prefix, published)
		}
		if attempts > 1 {
			retried++
		}
	}
	must(rows.Err())
	t.Logf("%d videos ready, %d of them after more than one attempt", len(videos), retried)
	must(conn.QueryRow(ctx, "SELECT count(*) FROM transcode_jobs WHERE lease_token IS NOT NULL AND state <> 'succeeded'").Scan(&n))
	if n != 0 {
		t.Errorf("%d jobs left leased", n)
	}
	// Every upload completed or, when one was cut, still resumable.
	must(conn.QueryRow(ctx, "SELECT count(*) FROM uploads WHERE state NOT IN ('completed', 'open')").Scan(&n))
	if n != 0 {
		t.Errorf("%d uploads neither completed nor resumable", n)
	}
	must(conn.QueryRow(ctx, "SELECT count(*) FROM videos v WHERE (SELECT count(*) FROM uploads u WHERE u.video_id = v.id AND u.state = 'completed') <> 1").Scan(&n))
	if n != 0 {
		t.Errorf("%d videos without exactly one completed upload", n)
	}
	c.checkObjects(conn)
}

// checkObjects waits for the sweepers to drain object_deletions, then
// wants every object referenced: a video's original, or a file of its
// published ladder. Nothing else may remain, nor any multipart upload.
func (c *cluster) checkObjects(conn *pgx.Conn) {
	t := c.t
	ctx := context.Background()
	waitFor(t, "the object sweepers to drain object_deletions", func() bool {
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM object_deletions").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 0
	})
	refs := map[string]bool{}
	var prefixes []string
	rows, err := conn.Query(ctx, "SELECT source_key, hls_prefix FROM videos")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var src, prefix string
		if err := rows.Scan(&src, &prefix); err != nil {
			t.Fatal(err)
		}
		refs[src] = true
		prefixes = append(prefixes, prefix)
	}
	objects := 0
	for obj := range c.s3.ListObjects(ctx, c.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if obj.Err != nil {
			t.Fatal(obj.Err)
		}
		objects++
		ok := refs[obj.Key]
		for _, p := range prefixes {
			ok = ok || (p != "" && strings.HasPrefix(obj.Key, p))
		}
		if !ok {
			t.Errorf("orphan object %s", obj.Key)
		}
	}
	// A CreateUpload cut by a kill may have started a multipart upload it
	// never recorded: the upload sweeper aborts it once older than
	// --upload-verify-stale.
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(time.Second) {
		var left []string
		for u := range c.s3.ListIncompleteUploads(ctx, c.bucket, "", true) {
			left = append(left, u.Key)
		}
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("multipart uploads left behind after the sweepers ran: %v", left)
			break
		}
	}
	t.Logf("%d objects, each referenced", objects)
}

// throughput measures the queue with 3 workers, then with 1 (the
// baseline, same run): the workers are stopped (SIGTERM), n tiny videos
// are uploaded so that n jobs wait queued, then the workers start and the
// span runs from their start to the last job's end. The bare ffmpeg
// command for one of them, alone, is timed too.
func (c *cluster) throughput(e *errs, creator *ecdsa.PrivateKey, clip string) {
	t := c.t
	const n = 12
	three := c.batch(e, creator, clip, n, 3)
	one := c.batch(e, creator, clip, n, 1)
	bare := bareEncode(t, clip)
	t.Logf("queue throughput: %d queued jobs, 3 workers %s = %.2f jobs/s (%.0f ms a job); 1 worker %s = %.2f jobs/s; ratio 3:1 = %.2fx; bare ffmpeg of one clip %s",
		n, three.Round(time.Millisecond), float64(n)/three.Seconds(), float64(three.Milliseconds())/n,
		one.Round(time.Millisecond), float64(n)/one.Seconds(), one.Seconds()/three.Seconds(), bare.Round(time.Millisecond))
}

// batch queues n copies of clip as new videos with every worker stopped,
// starts `workers` of them, and returns the span from their start to the
// last job's end.
func (c *cluster) batch(e *errs, creator *ecdsa.PrivateKey, clip string, n, workers int) time.Duration {
	t := c.t
	for _, w := range c.workers {
		if err := w.stop(); err != nil {
			t.Fatal(err)
		}
	}
	cl := c.signIn(e, creator, true)
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids[i] = c.createVideo(e, cl, fmt.Sprintf("throughput %d/%d", workers, i))
			c.uploadPresigned(e, cl, ids[i], clip)
		}()
	}
	wg.Wait()
	conn := c.db()
	ctx := context.Background()
	start := time.Now()
	for _, w := range c.workers[:workers] {
		w.start(t)
	}
	waitFor(t, "the throughput batch to be ready", func() bool {
		var left int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM videos WHERE id = ANY($1::uuid[]) AND status <> 'ready'", ids).Scan(&left); err != nil {
			t.Fatal(err)
		}
		return left == 0
	})
	var end time.Time
	if err := conn.QueryRow(ctx, `SELECT max(updated_at) FROM transcode_jobs WHERE video_id = ANY($1::uuid[])`, ids).Scan(&end); err != nil {
		t.Fatal(err)
	}
	return end.Sub(start)
}

// bareEncode times the ffmpeg command a worker runs for the one-rung
// ladder, alone: the mean of three runs.
func bareEncode(t interface {
	Fatalf(string, ...any)
	TempDir() string
}, clip string) time.Duration {
	var total time.Duration
	for range 3 {
		dir := t.TempDir()
		start := time.Now()
		out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-i", clip,
			"-vf", "scale=-2:120", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "150k",
			"-c:a", "aac", "-b:a", "128k", "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod",
			filepath.Join(dir, "index.m3u8")).CombinedOutput()
		if err != nil {
			t.Fatalf("bare ffmpeg: %v\n%s", err, out)
		}
		total += time.Since(start)
	}
	return total / 3
}

// checkClaimLog: workers long-poll every 2 s here, yet the servers log
// at most one INFO line per claimed job (plus the calls cut by kills):
// an empty ClaimJob long poll logs at Debug.
func (c *cluster) checkClaimLog() {
	t := c.t
	var attempts int
	if err := c.db().QueryRow(context.Background(), "SELECT coalesce(sum(attempt), 0) FROM transcode_jobs").Scan(&attempts); err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, p := range c.servers {
		for _, l := range strings.Split(p.out.String(), "\n") {
			if strings.Contains(l, "level=INFO") && strings.Contains(l, "msg=request") && strings.Contains(l, "TranscodeService/ClaimJob") {
				lines++
			}
		}
	}
	if lines > attempts+10 {
		t.Errorf("%d INFO access lines for ClaimJob, for %d claimed attempts: empty long polls are logged at INFO", lines, attempts)
	}
	t.Logf("%d INFO ClaimJob lines for %d claimed attempts", lines, attempts)
}

// longMP4 is 20 s of 320x240, so that its encode lasts long enough for
// the test to catch a worker in it.
func longMP4(t interface {
	Fatalf(string, ...any)
	TempDir() string
}) string {
	out := filepath.Join(t.TempDir(), "long.mp4")
	cmd := exec.Command("ffmpeg", "-nostdin", "-v", "error",
		"-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=20",
		"-f", "lavfi", "-i", "sine=frequency=440:duration=20",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
		"-c:a", "aac", "-shortest", "-movflags", "+faststart", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v: %s", err, b)
	}
	return out
}
