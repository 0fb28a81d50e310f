package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/streamgate/streamgate/db/dbq"
	"github.com/streamgate/streamgate/server/transcode"
)

func TestJobEndToEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	videoID, jobID := e.video(clip(t, 2, "640x360"), "mov", 5)
	e.worker("w1", 1)
	v := e.waitVideo(videoID)
	if v.Status != "ready" || v.Progress != 1 || v.HLSPrefix != fmt.Sprintf("transcode/%s/%s-1/", videoID, jobID) {
		t.Fatalf("video %+v", v)
	}
	// 480p is above the source: never upscaled.
	// The audio-only rendition comes last, for poor connections.
	var names []string
	for _, r := range v.Renditions {
		names = append(names, fmt.Sprintf("%s:%dx%d", r.Name, r.Width, r.Height))
		video := strings.HasPrefix(r.Codecs, "avc1.64") && strings.HasSuffix(r.Codecs, ",mp4a.40.2")
		if r.Bandwidth == 0 || !video && !(r.Name == "audio" && r.Codecs == "mp4a.40.2") {
			t.Errorf("rendition %+v", r)
		}
	}
	if strings.Join(names, " ") != "360p:640x360 240p:426x240 audio:0x0" {
		t.Fatalf("renditions %v", names)
	}
	v.Renditions = v.Renditions[:2]
	dir := e.download(videoID, v.HLSPrefix)
	// Exactly the outputs, and never the key files ffmpeg read.
	// (Audio alone is cut where it falls, not at keyframes: its
	// segments are counted, not named.)
	var files []string
	audioSegments := 0
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			if strings.HasPrefix(rel, "audio/seg_") {
				audioSegments++
			} else {
				files = append(files, rel)
			}
		}
		return err
	})
	if audioSegments < 1 {
		t.Error("the audio-only rendition has no segments")
	}
	if got := strings.Join(files, " "); got != "240p/index.m3u8 240p/seg_00000.ts 240p/seg_00001.ts 360p/index.m3u8 360p/seg_00000.ts 360p/seg_00001.ts "+
		"audio/index.m3u8 key master.m3u8 poster.jpg storyboard/0.jpg storyboard.json storyboard.vtt" {
		t.Errorf("published files: %s", got)
	}
	master, err := os.ReadFile(filepath.Join(dir, "master.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"RESOLUTION=640x360", "RESOLUTION=426x240", `CODECS="avc1.64`, "BANDWIDTH=", "360p/index.m3u8", "240p/index.m3u8",
		`CODECS="mp4a.40.2"` + "\naudio/index.m3u8"} {
		if !bytes.Contains(master, []byte(want)) {
			t.Errorf("master playlist lacks %q:\n%s", want, master)
		}
	}
	var keyframes []string
	for _, r := range v.Renditions {
		pl, err := os.ReadFile(filepath.Join(dir, r.Name, "index.m3u8"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(pl, []byte(`#EXT-X-KEY:METHOD=AES-128,URI="../key",IV=0x`)) {
			t.Errorf("%s playlist is not encrypted with ../key:\n%s", r.Name, pl)
		}
		seg, err := os.ReadFile(filepath.Join(dir, r.Name, "seg_00000.ts"))
		if err != nil || len(seg) == 0 || seg[0] == 0x47 && len(seg) > 188 && seg[188] == 0x47 {
			t.Errorf("%s first segment is missing or plain MPEG-TS (%v)", r.Name, err)
		}
		// ffprobe decrypts with the key that ../key names and sees the rendition.
		playlist := filepath.Join(dir, r.Name, "index.m3u8")
		got := streams(ffprobe(t, "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", playlist))
		if want := fmt.Sprintf("h264,%d,%d\naac", r.Width, r.Height); got != want {
			t.Errorf("%s streams %q, want %q", r.Name, got, want)
		}
		dur, _ := strconv.ParseFloat(ffprobe(t, "-show_entries", "format=duration", "-of", "csv=p=0", playlist), 64)
		if dur < 1.5 || dur > 2.5 {
			t.Errorf("%s lasts %vs, want about 2", r.Name, dur)
		}
		keyframes = append(keyframes, ffprobe(t, "-select_streams", "v", "-skip_frame", "nokey", "-show_entries", "frame=pts_time", "-of", "csv=p=0", playlist))
	}
	// Keyframes at the same times in every rendition: players can switch.
	if keyframes[0] != keyframes[1] || strings.Count(keyframes[0], "\n") < 1 {
		t.Errorf("keyframes differ across renditions: %q vs %q", keyframes[0], keyframes[1])
	}
	for file, want := range map[string]string{"poster.jpg": "640,360", "storyboard/0.jpg": "160,90"} {
		if got := ffprobe(t, "-show_entries", "stream=width,height", "-of", "csv=p=0", filepath.Join(dir, file)); got != want {
			t.Errorf("%s is %s, want %s", file, got, want)
		}
	}
	if j := e.job(jobID); j.State != dbq.JobStateSucceeded || j.Attempt != 1 {
		t.Fatalf("job %+v", j)
	}
}

// TestWorkersShareTheQueue runs several jobs through two workers with
// two slots each: every job runs exactly once (one attempt) and is
// published.
func TestWorkersShareTheQueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	src := clip(t, 1, "320x240")
	type pair struct{ video, job uuid.UUID }
	var jobs []pair
	for range 6 {
		v, j := e.video(src, "mov", 5)
		jobs = append(jobs, pair{v, j})
	}
	e.worker("a", 2)
	e.worker("b", 2)
	for _, p := range jobs {
		v := e.waitVideo(p.video)
		if j := e.job(p.job); v.Status != "ready" || j.Attempt != 1 || !strings.HasSuffix(v.HLSPrefix, p.job.String()+"-1/") {
			t.Errorf("video %+v job %+v", v, j)
		}
	}
}

func TestAlwaysFailingClipEndsDead(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *transcode.Config) {
		c.BackoffBase, c.BackoffMax, c.PollInterval = 10*time.Millisecond, 20*time.Millisecond, 50*time.Millisecond
	})
	garbage := filepath.Join(t.TempDir(), "garbage.mp4")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not a video "), 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	videoID, jobID := e.video(garbage, "", 3)
	e.worker("w1", 1)
	v := e.waitVideo(videoID)
	j := e.job(jobID)
	if v.Status != "failed" || j.State != dbq.JobStateDead || j.Attempt != 3 || !strings.Contains(v.FailureReason, "ffprobe") || v.HLSPrefix != "" {
		t.Fatalf("video %+v job %+v", v, j)
	}
	if d := e.deletions(); strings.Count(d, "transcode/") != 3 {
		t.Fatalf("deletions %q", d)
	}
}

// TestKilledWorker kills a worker process with SIGKILL mid-encode: its
// ffmpeg dies with it, nothing is ready, and after the lease expires
// a second worker completes the job under a new attempt.
func TestKilledWorker(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(c *transcode.Config) {
		c.Lease, c.RescueInterval, c.BackoffBase, c.BackoffMax, c.PollInterval = time.Second, 100*time.Millisecond, 10*time.Millisecond, 10*time.Millisecond, 50*time.Millisecond
	})
	videoID, jobID := e.video(clip(t, 6, "640x360"), "mov", 5)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "--server-url", e.url, "--worker-token", token, "--worker-id", "doomed",
		"--work-dir", t.TempDir(), "--claim-wait", "1s", "--preset", "veryslow",
		"--ladder", "360p:360:600,240p:240:300", "--segment-seconds", "1", "--keyframe-seconds", "1")
	cmd.Env = append(os.Environ(), "STREAMGATE_TRANSCODER_TEST_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	// Mid-encode: ffmpeg's progress has reached the video through a
	// heartbeat, and ffmpeg is running under the worker.
	var ffmpeg int
	for {
		v := e.videoRow(videoID)
		if v.Status == "ready" {
			t.Fatalf("the encode finished before the kill; make the clip longer\n%s", stderr.String())
		}
		if ffmpeg = child(cmd.Process.Pid, "ffmpeg"); v.Progress > 0 && ffmpeg != 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for alive(ffmpeg) {
		time.Sleep(20 * time.Millisecond)
	}
	// Still processing; at most the killed attempt's early ladder (taken
	// back when its lease is rescued) is published.
	if v := e.videoRow(videoID); v.Status != "processing" || v.HLSPrefix != "" && v.HLSPrefix != fmt.Sprintf("transcode/%s/%s-1/", videoID, jobID) {
		t.Fatalf("after the kill: %+v", v)
	}
	e.worker("rescuer", 1)
	v := e.waitVideo(videoID)
	if v.Status != "ready" || v.HLSPrefix != fmt.Sprintf("transcode/%s/%s-2/", videoID, jobID) {
		t.Fatalf("video %+v", v)
	}
	if d := e.deletions(); !strings.Contains(d, fmt.Sprintf("transcode/%s/%s-1/", videoID, jobID)) {
		t.Fatalf("the killed attempt's outputs are not queued for deletion: %q", d)
	}
	dir := e.download(videoID, v.HLSPrefix)
	if got := streams(ffprobe(t, "-show_entries", "stream=codec_name", "-of", "csv=p=0", filepath.Join(dir, "360p", "index.m3u8"))); got != "h264\naac" {
		t.Fatalf("published 360p: %q", got)
	}
}

// streams drops the copy of the stream list ffprobe prints under the
// HLS program.
func streams(out string) string { return strings.Split(out, "\n\n")[0] }

// child returns the pid of a child of parent running name, or 0.
func child(parent int, name string) int {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(stat)
		close := strings.LastIndexByte(s, ')')
		if close < 0 || !strings.Contains(s[:close], "("+name) {
			continue
		}
		f := strings.Fields(s[close+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(parent) {
			return pid
		}
	}
	return 0
}

// alive says whether pid still runs (a zombie counts as dead).
func alive(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	s := string(stat)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}
