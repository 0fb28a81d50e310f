package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"connectrpc.com/connect"

	playbackv1 "github.com/streamgate/streamgate/gen/streamgate/playback/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// passMoves is the revocation story: the holder transfers the pass to
// the non-holder with `devchain transfer`; the holder's player is refused
// at its next renewal (the chain watcher dropped the cached answer; the
// server runs with --revoke-watch under make run), and the new holder is
// let in. The pass is then given back, so the demo can run again.
func passMoves(ctx context.Context, server string, e env, videoID string, grant *playbackv1.Grant, stranger *streamgate.Client) error {
	viewer := streamgate.New(server)
	if _, err := viewer.Renew(ctx, grant.GetToken()); err != nil {
		return fmt.Errorf("renew before the transfer: %w", err)
	}
	to, err := streamgate.KeySignerFromHex(e.strangerKey)
	if err != nil {
		return err
	}
	step("the holder transfers the pass to %s", to.Address())
	if err := devchain(ctx, "transfer", "--to", to.Address(), "--id", "1"); err != nil {
		return err
	}
	start := time.Now()
	step("the holder's player renews its playback token")
	deadline := start.Add(2 * time.Minute)
	for {
		_, err := viewer.Renew(ctx, grant.GetToken())
		if connect.CodeOf(err) == connect.CodePermissionDenied {
			var cerr *connect.Error
			if errors.As(err, &cerr) {
				info("refused %s after the transfer (%s): %s", time.Since(start).Round(time.Millisecond), cerr.Code(), cerr.Message())
			}
			break
		}
		if err != nil {
			return fmt.Errorf("renew after the transfer: %w", err)
		}
		if time.Now().After(deadline) {
			return errors.New("the holder still renews 2 minutes after selling the pass (is the server running with --revoke-watch?)")
		}
		time.Sleep(250 * time.Millisecond)
	}
	step("the new holder asks to watch")
	if _, err := stranger.Authorize(ctx, videoID); err != nil {
		return fmt.Errorf("the new holder was refused: %w", err)
	}
	info("authorized")
	holder, err := streamgate.KeySignerFromHex(e.holderKey)
	if err != nil {
		return err
	}
	step("the pass goes back to the holder (so the demo can run again)")
	return devchain(ctx, "transfer", "--from-key", e.strangerKey, "--to", holder.Address(), "--id", "1")
}

// devchain runs a cmd/devchain command against the dev chain.
func devchain(ctx context.Context, args ...string) error {
	rpc := os.Getenv("STREAMGATE_CHAIN_RPC")
	if _, url, ok := strings.Cut(rpc, "="); ok {
		args = append(args, "--rpc", url)
	}
	info("go run ./cmd/devchain %s", strings.Join(args, " "))
	out, err := exec.CommandContext(ctx, "go", append([]string{"run", "./cmd/devchain"}, args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("devchain %s: %w: %s", args[0], err, out)
	}
	info("%s", strings.TrimSpace(string(out)))
	return nil
}
