//go:build !linux

package playback

import (
	"errors"
	"os"
)

type fileID struct {
	size  int64
	mtime int64
}

func identify(fi os.FileInfo) fileID {
	return fileID{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
}

// lockFile: the spool's directory locks need flock (Linux).
func lockFile(*os.File) error { return errors.New("the playback spool needs Linux") }
