package playback

import (
	"io"
	"net/http"

	"github.com/streamgate/streamgate/server/reqlog"
)

// countingWriter counts a response's body bytes for the metrics and
// hands a file's bytes to the first writer under it that reads a source
// whole: net/http's
// response over HTTP/1.1 does, and passes an *os.File on to the TCP
// connection, which sends it with sendfile(2) from the page cache.
//
// Status and headers still go through every wrapper on the way down
// (status writers, the request log, the outage wrapper), since they
// are written before the body; the body passes below the wrappers,
// none of which changes bytes on /play (the request log counts them in
// its own ReadFrom). Over HTTP/2, or with no such writer, the bytes go
// through the wrappers' Writes.
type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

func (w *countingWriter) ReadFrom(src io.Reader) (int64, error) {
	n, err := reqlog.CopyFrom(w.ResponseWriter, src)
	w.n += n
	return n, err
}
