// Command streamgate runs the StreamGate server, and is also its
// command-line client.
//
//	streamgate serve [--migrate]   serve every service on one port
//	streamgate migrate             apply database migrations and exit
//	streamgate login|upload|videos|watch|gate|play|...   the client (package cli)
//
// Every flag can also be set by an environment variable: --database-url is
// STREAMGATE_DATABASE_URL, and so on. `streamgate serve -h` lists them.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/streamgate/streamgate/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Everything but the server's own commands is the client's, which also
	// prints the usage for an unknown command.
	if len(os.Args) < 2 || !slices.Contains([]string{"serve", "migrate"}, os.Args[1]) {
		code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "streamgate:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: streamgate serve|migrate [flags], or a client command: %s", strings.Join(cli.Commands, ", "))
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:])
	case "migrate":
		return migrate(ctx, args[1:])
	default:
		return fmt.Errorf("unknown command %q: usage: streamgate serve|migrate [flags]", args[0])
	}
}
