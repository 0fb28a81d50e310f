package rpcerr_test

import (
	"errors"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"

	"github.com/streamgate/streamgate/server/rpcerr"
)

func TestRetryAfter(t *testing.T) {
	base := errors.New("too many calls")
	err := rpcerr.RetryAfter(base, 1500*time.Millisecond)
	if !errors.Is(err, base) {
		t.Fatal("RetryAfter must wrap its error")
	}
	if got, want := err.Error(), "too many calls: retry in 2s"; got != want {
		t.Fatalf("message %q, want %q", got, want)
	}
	var m rpcerr.MetaCarrier
	if !errors.As(err, &m) || m.ErrorMeta().Get("Retry-After") != "2" {
		t.Fatalf("Retry-After: want 2 (rounded up)")
	}
	var d rpcerr.Detailer
	if !errors.As(err, &d) {
		t.Fatal("no details")
	}
	ri, ok := d.ErrorDetails()[0].(*errdetails.RetryInfo)
	if !ok || ri.GetRetryDelay().AsDuration() != 1500*time.Millisecond {
		t.Fatalf("RetryInfo %v, want 1.5s", d.ErrorDetails())
	}
}
