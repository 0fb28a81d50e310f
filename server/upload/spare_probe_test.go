//go:build linux

package upload_test

import (
	"slices"
	"testing"
	"time"

	"connectrpc.com/connect"

	uploadv1 "github.com/streamgate/streamgate/gen/streamgate/upload/v1"
	"github.com/streamgate/streamgate/server/transcode"
	"github.com/streamgate/streamgate/server/upload"
)

// Presigning a presigned upload's last part starts its completion's
// probe: ffprobe waits on an empty copy in the temporary directory before
// any completion. Presigning other parts, or that part again, or by
// somebody else, starts none. The completion writes its copy into that
// file (while its read of the object is held, no other copy and no other
// ffprobe exist), and the probe reports the whole file. Nothing is left.
func TestLastPartStartsTheProbe(t *testing.T) {
	t.Parallel()
	var o objectReads
	tmp := t.TempDir()
	e := newEnvS3(t, func(c *upload.Config) { c.TempDir = tmp; c.PartSize = upload.MinPartSize },
		transcode.DefaultConfig(), o.via(t))
	defer o.open()
	file := bigClip(t, 11*mib)
	u := e.create(t, alice, e.newVideo(t, alice), file)
	if u.PartCount != 3 {
		t.Fatalf("%d parts, want 3", u.PartCount)
	}
	e.presign(t, alice, u, file, 1, 2)
	_, err := e.uploads(bob).PresignParts(t.Context(), connect.NewRequest(&uploadv1.PresignPartsRequest{
		UploadId: u.Id, Parts: []*uploadv1.PartChecksum{{Number: 3, Sha256: b64Sum(partOf(u, file, 3))}},
	}))
	wantCode(t, err, connect.CodePermissionDenied)
	if left := leftIn(t, tmp); len(left) != 0 {
		t.Fatalf("before the last part was presigned: %v", left)
	}

	e.presign(t, alice, u, file, 3)
	spare := leftIn(t, tmp)
	if len(spare) != 1 {
		t.Fatalf("after the last part was presigned: %v, want one copy", spare)
	}
	waitFor(t, "ffprobe on the copy", func() bool { return probesIn(t, tmp) == 1 })
	e.putAll(t, u, file) // presigns the last part again
	if left := leftIn(t, tmp); !slices.Equal(left, spare) {
		t.Fatalf("after the last part was presigned again: %v, want %v", left, spare)
	}

	e.completeHeld(t, &o, tmp, u, func() {
		if left, n := leftIn(t, tmp), probesIn(t, tmp); !slices.Equal(left, spare) || n != 1 {
			t.Fatalf("during the completion: %v and %d ffprobes, want %v and 1", left, n, spare)
		}
	})
}

// A probe started for a completion that does not come within half of the
// early probes' budget (min(lease-break-time, --probe-timeout)/2) is
// stopped and its copy removed; the completion that comes later starts
// its own as the join begins, before the object is read back.
func TestUnusedProbeIsStopped(t *testing.T) {
	t.Parallel()
	var o objectReads
	tmp := t.TempDir()
	e := newEnvS3(t, func(c *upload.Config) { c.TempDir = tmp; c.ProbeTimeout = 4 * time.Second },
		transcode.DefaultConfig(), o.via(t))
	defer o.open()
	file := tinyClip(t)
	u := e.create(t, alice, e.newVideo(t, alice), file)
	e.presign(t, alice, u, file, 1)
	if left := leftIn(t, tmp); len(left) != 1 {
		t.Fatalf("after the last part was presigned: %v, want one copy", left)
	}
	stopped := func() bool { return probesIn(t, tmp) == 0 && len(leftIn(t, tmp)) == 0 }
	waitFor(t, "the unused probe to stop", stopped)
	e.putAll(t, u, file) // presigns the part again
	waitFor(t, "the unused probe to stop", stopped)
	e.completeHeld(t, &o, tmp, u, func() {
		waitFor(t, "ffprobe on the copy", func() bool { return probesIn(t, tmp) == 1 })
	})
}
