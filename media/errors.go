package media

import "errors"

// The errors of a refused file. Callers map ErrRejected to
// invalid_argument (the uploader sent something we do not take).
var (
	// ErrRejected wraps every reason a file is refused as media; its
	// message is meant for people (it ends up as a video's failure
	// reason), so it never holds a local path or ffprobe's own words.
	ErrRejected = errors.New("not an acceptable video")
	// ErrUnreadable marks the rejections where ffprobe itself failed or ran
	// out of time, rather than finding something outside the limits; each
	// also wraps ErrRejected. The worker retries these: the server's probe
	// already read the same bytes.
	ErrUnreadable = errors.New("ffprobe cannot read it as media")
)
