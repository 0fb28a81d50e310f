package playback

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// spool keeps the segments of ready videos as files on local disk, so
// that a GET is answered with sendfile from the page cache (sendfile.go)
// instead of copying the bytes from memory into the socket, which was
// half of the playback role's CPU under the viewer load test.
//
// Each process spools in a directory of its own below the configured
// one, locked (flock) while the process lives; a process starting sweeps
// the directories whose lock nobody holds, left by a crash. Files are
// written under a temporary name and renamed only once their length and
// checksum match what S3 announced, so a half-written file is never
// served; a file that changed since (another size, inode or change time)
// is dropped and fetched again. Any trouble with the disk falls back to
// the memory and S3 paths: the spool never fails a request.
type spool struct {
	dir  string // this process's own directory
	max  int64
	ttl  time.Duration
	now  func() time.Time
	log  *slog.Logger
	lock *os.File
	// create makes the temporary file of a fill; a test hands in a full disk.
	create func(dir string) (tempFile, error)

	mu     sync.RWMutex
	m      map[preparedKey]*spoolEntry
	size   int64 // of the files in m, plus what fills in flight reserved
	seq    uint64
	down   time.Time // after a disk error, no fill until then
	closed bool
}

// tempFile is the file a fill writes; *os.File is one.
type tempFile interface {
	io.Writer
	Close() error
	Name() string
}

// spoolEntry is one segment on disk, with its prepared answer.
type spoolEntry struct {
	path    string
	size    int64
	id      fileID // the file as written and checked
	fields  []headerField
	expires time.Time
	used    atomic.Int64 // last hit, unix ns: eviction takes the oldest
}

const (
	// maxSpoolObject is the largest object spooled; larger ones take the
	// memory or S3 paths, as before.
	maxSpoolObject = 256 << 20
	// spoolDownFor is how long the spool fills nothing after a disk error.
	spoolDownFor = 30 * time.Second
	// spoolLockName is the lock file in each process's directory.
	spoolLockName  = "lock"
	spoolDirPrefix = "spool-"
)

// openSpool makes this process's directory below parent (created if
// need be) after sweeping those of dead processes.
func openSpool(parent string, maxBytes int64, ttl time.Duration, now func() time.Time, log *slog.Logger) (*spool, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return nil, fmt.Errorf("create spool directory: %w", err)
	}
	sweepSpool(parent, now(), log)
	dir, err := os.MkdirTemp(parent, spoolDirPrefix)
	if err != nil {
		return nil, fmt.Errorf("create spool directory: %w", err)
	}
	// Locked before it has its name, so a sweep never sees it unlocked.
	lock, err := os.OpenFile(filepath.Join(dir, spoolLockName+".new"), os.O_CREATE|os.O_RDWR|os.O_EXCL, 0o600)
	if err == nil {
		if err = lockFile(lock); err == nil {
			err = os.Rename(lock.Name(), filepath.Join(dir, spoolLockName))
		}
		if err != nil {
			_ = lock.Close()
		}
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("lock spool directory: %w", err)
	}
	return &spool{dir: dir, max: maxBytes, ttl: ttl, now: now, log: log, lock: lock,
		create: func(dir string) (tempFile, error) { return os.CreateTemp(dir, "fill-*") },
		m:      map[preparedKey]*spoolEntry{}}, nil
}

// sweepSpool removes the spool directories under parent that no live
// process holds: their lock can be taken, or, without a lock file, they
// are over a minute old (a process dies between making one and locking
// it). Only directories named like ours are touched.
func sweepSpool(parent string, now time.Time, log *slog.Logger) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), spoolDirPrefix) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		f, err := os.OpenFile(filepath.Join(dir, spoolLockName), os.O_RDWR, 0)
		if errors.Is(err, os.ErrNotExist) {
			if fi, err := e.Info(); err != nil || now.Sub(fi.ModTime()) < time.Minute {
				continue
			}
		} else if err != nil {
			continue
		} else {
			held := lockFile(f) != nil
			_ = f.Close()
			if held {
				continue
			}
		}
		if err := os.RemoveAll(dir); err != nil {
			log.Warn("playback spool: cannot remove a dead process's files", "dir", dir, "err", err)
		}
	}
}

func (sp *spool) enabled() bool { return sp != nil }

// get returns the live entry of an object, or nil.
func (sp *spool) get(prefix, path string) *spoolEntry {
	sp.mu.RLock()
	e := sp.m[preparedKey{prefix, path}]
	sp.mu.RUnlock()
	if e == nil {
		return nil
	}
	now := sp.now()
	if !now.Before(e.expires) {
		return nil
	}
	e.used.Store(now.UnixNano())
	return e
}

// open opens an entry's file if it is still the file written, and drops
// the entry otherwise (removed, truncated, rewritten or replaced).
func (sp *spool) open(k preparedKey, e *spoolEntry) (*os.File, error) {
	f, err := os.Open(e.path)
	if err != nil {
		sp.drop(k, e)
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && identify(fi) != e.id {
		err = errors.New("spool file changed since it was written")
	}
	if err != nil {
		_ = f.Close()
		sp.drop(k, e)
		return nil, err
	}
	return f, nil
}

// reserve makes room for n bytes, evicting the least recently used
// files; false when n cannot be spooled now.
func (sp *spool) reserve(n int64) bool {
	var victims []string
	defer func() { removeAll(victims) }()
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.closed || n > sp.max || n > maxSpoolObject || sp.now().Before(sp.down) {
		return false
	}
	if sp.size+n > sp.max {
		lru := make([]preparedKey, 0, len(sp.m))
		for k := range sp.m {
			lru = append(lru, k)
		}
		slices.SortFunc(lru, func(a, b preparedKey) int {
			return int(min(max(sp.m[a].used.Load()-sp.m[b].used.Load(), -1), 1))
		})
		for _, k := range lru {
			if sp.size+n <= sp.max {
				break
			}
			victims = append(victims, sp.m[k].path)
			sp.size -= sp.m[k].size
			delete(sp.m, k)
		}
		if sp.size+n > sp.max { // the rest is reserved by fills in flight
			return false
		}
	}
	sp.size += n
	return true
}

// release gives back a reservation whose fill failed.
func (sp *spool) release(n int64) {
	sp.mu.Lock()
	sp.size -= n
	sp.mu.Unlock()
}

// commit renames a checked temporary file into place and adds its entry,
// within the bytes reserved for it.
func (sp *spool) commit(k preparedKey, tmp string, e *spoolEntry) error {
	sp.mu.Lock()
	sp.seq++
	e.path = filepath.Join(sp.dir, strconv.FormatUint(sp.seq, 10)+".seg")
	sp.mu.Unlock()
	if err := os.Rename(tmp, e.path); err != nil {
		return err
	}
	fi, err := os.Stat(e.path) // a rename may change the change time
	if err != nil {
		_ = os.Remove(e.path)
		return err
	}
	e.id = identify(fi)
	now := sp.now()
	e.expires = now.Add(sp.ttl)
	e.used.Store(now.UnixNano())
	var old string
	sp.mu.Lock()
	if sp.closed {
		sp.mu.Unlock()
		_ = os.Remove(e.path)
		return errors.New("spool closed")
	}
	if prev := sp.m[k]; prev != nil {
		sp.size -= prev.size
		old = prev.path
	}
	sp.m[k] = e
	sp.mu.Unlock()
	removeAll([]string{old})
	return nil
}

// drop forgets e (if it is still k's entry) and removes its file.
func (sp *spool) drop(k preparedKey, e *spoolEntry) {
	sp.mu.Lock()
	if sp.m[k] == e {
		delete(sp.m, k)
		sp.size -= e.size
	}
	sp.mu.Unlock()
	removeAll([]string{e.path})
}

// broken stops fills for a while after a disk error, which it logs once.
func (sp *spool) broken(err error) {
	sp.mu.Lock()
	now := sp.now()
	wasUp := !now.Before(sp.down)
	sp.down = now.Add(spoolDownFor)
	sp.mu.Unlock()
	if wasUp {
		sp.log.Warn("playback spool: disk error, serving from memory and S3 for a while", "dir", sp.dir, "err", err, "retry_in", spoolDownFor)
	}
}

// bytes is what the spool's files hold, for the gauge.
func (sp *spool) bytes() float64 {
	sp.mu.RLock()
	defer sp.mu.RUnlock()
	var n int64
	for _, e := range sp.m {
		n += e.size
	}
	return float64(n)
}

// close removes this process's directory and releases its lock.
func (sp *spool) close() {
	if sp == nil {
		return
	}
	sp.mu.Lock()
	if sp.closed {
		sp.mu.Unlock()
		return
	}
	sp.closed, sp.m, sp.size = true, map[preparedKey]*spoolEntry{}, 0
	sp.mu.Unlock()
	_ = os.RemoveAll(sp.dir)
	_ = sp.lock.Close()
}

func removeAll(paths []string) {
	for _, p := range paths {
		if p != "" {
			_ = os.Remove(p)
		}
	}
}
