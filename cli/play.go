package cli

import (
	"context"
	"flag"
	"fmt"
	"time"
)

func play(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	pos, err := e.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "play VIDEO"); err != nil {
		return err
	}
	defer e.persist()
	g, err := e.client.Authorize(ctx, pos[0])
	if err != nil {
		return err
	}
	if e.json {
		e.printProto(g)
		return nil
	}
	fmt.Fprintln(e.stdout, g.GetPlaybackUrl())
	fmt.Fprintf(e.stderr, "valid until %s (renew after %s)\n",
		g.GetExpireTime().AsTime().Local().Format(time.RFC3339), g.GetRenewTime().AsTime().Local().Format(time.RFC3339))
	return nil
}
