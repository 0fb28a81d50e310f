package testenv

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// LockBuild takes a lock on the build output at dir (by its absolute
// path) until unlock is called or the test ends: exclusive for a test
// that rebuilds it (npm's build empties it first), shared for one that
// reads it, so that tests run side by side (go test ./sdk/ts/
// ./server/web/) never see it half built. The lock is a file in the
// temporary directory; the kernel drops it with the process.
func LockBuild(t testing.TB, dir string, exclusive bool) (unlock func()) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(abs))
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "streamgate-build-"+hex.EncodeToString(sum[:8])+".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		t.Fatalf("lock %s: %v", dir, err)
	}
	done := false
	unlock = func() {
		if !done {
			done = true
			f.Close() // closing the only descriptor releases the lock
		}
	}
	t.Cleanup(unlock)
	return unlock
}
