package rpcerr

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
)

// RetryAfter is err (a sentinel the package's table maps, e.g. a rate
// limit's ResourceExhausted) with the wait the client should keep, which
// it gets as a RetryInfo detail and a Retry-After header in whole seconds,
// rounded up.
func RetryAfter(err error, wait time.Duration) error {
	return retryError{err: err, wait: wait}
}

type retryError struct {
	err  error
	wait time.Duration
}

func (e retryError) Error() string {
	return fmt.Sprintf("%s: retry in %ds", e.err, e.secs())
}

func (e retryError) Unwrap() error { return e.err }

func (e retryError) secs() int64 { return int64((e.wait + time.Second - 1) / time.Second) }

// ErrorDetails implements Detailer.
func (e retryError) ErrorDetails() []proto.Message {
	return []proto.Message{&errdetails.RetryInfo{RetryDelay: durationpb.New(e.wait)}}
}

// ErrorMeta implements MetaCarrier.
func (e retryError) ErrorMeta() http.Header {
	return http.Header{"Retry-After": {strconv.FormatInt(e.secs(), 10)}}
}
