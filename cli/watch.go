package cli

import (
	"context"
	"flag"
	"fmt"

	videov1 "github.com/streamgate/streamgate/gen/streamgate/video/v1"
)

func watch(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	pos, err := e.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "watch VIDEO"); err != nil {
		return err
	}
	defer e.persist()
	last := ""
	v, err := e.client.WaitReady(ctx, pos[0], func(v *videov1.Video) {
		if e.json {
			e.printProto(v)
			return
		}
		line := statusName(v.GetStatus())
		if v.GetStatus() == videov1.Status_STATUS_PROCESSING {
			line = fmt.Sprintf("%s %3.0f%%", line, v.GetProgress()*100)
		}
		if r := v.GetFailureReason(); r != "" {
			line += ": " + r
		}
		if line != last {
			fmt.Fprintln(e.stdout, line)
			last = line
		}
	})
	if err != nil {
		return err
	}
	if !e.json {
		fmt.Fprintf(e.stdout, "ready: %d renditions; play it with: streamgate play %s\n", len(v.GetRenditions()), v.GetId())
	}
	return nil
}
