package faulttest

import (
	"context"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/durationpb"

	transcodev1 "github.com/streamgate/streamgate/gen/streamgate/transcode/v1"
)

// TestDeadlines: a long-poll's wait is added to the RPC deadline (a
// ClaimJob waiting longer than --rpc-timeout answers "no job", not
// unavailable), and a client's own shorter deadline stays the client's
// deadline_exceeded, not the server's unavailable.
func TestDeadlines(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a whole server")
	}
	e := newEnv(t)
	wait := outages().RPC + time.Second
	res, err := e.worker.ClaimJob(context.Background(), connect.NewRequest(&transcodev1.ClaimJobRequest{
		WorkerId: "faulttest", Wait: durationpb.New(wait)}))
	if err != nil {
		t.Fatalf("ClaimJob waiting %v past --rpc-timeout: %v", wait, err)
	}
	if res.Msg.GetJob() != nil {
		t.Fatalf("ClaimJob found a job on an empty queue: %v", res.Msg.GetJob())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err = e.worker.ClaimJob(ctx, connect.NewRequest(&transcodev1.ClaimJobRequest{
		WorkerId: "faulttest", Wait: durationpb.New(2 * time.Second)}))
	if code := connect.CodeOf(err); code != connect.CodeDeadlineExceeded {
		t.Fatalf("ClaimJob past the client's deadline: %v, want deadline_exceeded", err)
	}
}
