package playback

import (
	"io"
	"net/http"
)

// fileWriter counts a response's body bytes and hands a file's bytes to
// the first writer under it that reads a source whole: net/http's
// response over HTTP/1.1 does, and passes an *os.File on to the TCP
// connection, which sends it with sendfile(2) from the page cache.
//
// Status and headers still go through every wrapper on the way down
// (status writers, the request log, the outage wrapper), since they
// are written before the body; the body alone passes below the
// wrappers, none of which changes bytes on /play, so a wrapper that
// counts them without its own ReadFrom does not see them. Over HTTP/2,
// or with no such writer, the bytes go through the wrappers' Writes.
type fileWriter struct {
	http.ResponseWriter
	n int64
}

func (w *fileWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

func (w *fileWriter) ReadFrom(src io.Reader) (int64, error) {
	var n int64
	var err error
	if rf := readerFrom(w.ResponseWriter); rf != nil {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(writerOnly{w.ResponseWriter}, src)
	}
	w.n += n
	return n, err
}

// readerFrom finds the io.ReaderFrom under w's Unwrap chain, if any.
func readerFrom(w http.ResponseWriter) io.ReaderFrom {
	for range 32 { // a bound, should a wrapper unwrap to itself
		if rf, ok := w.(io.ReaderFrom); ok {
			return rf
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
	return nil
}

// writerOnly hides a writer's ReadFrom, so io.Copy cannot loop back.
type writerOnly struct{ io.Writer }
