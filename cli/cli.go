// Package cli is the `streamgate` command-line client: sign in with a
// wallet key, upload with resume, browse the catalog, set and check gates,
// and get playback URLs. Output is for people by default and JSON with
// --json; the exit code tells what went wrong (see ExitCode).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"connectrpc.com/connect"
	"github.com/peterbourgon/ff/v3"

	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// Exit codes, stable for scripts.
const (
	ExitOK               = 0
	ExitError            = 1 // anything not listed below
	ExitUsage            = 2 // bad command line
	ExitUnauthenticated  = 3 // not signed in, or the session expired
	ExitPermissionDenied = 4 // not yours, or the gate said no
	ExitNotFound         = 5
	ExitInvalid          = 6 // the server rejected the input
	ExitUnavailable      = 7 // server, chain or storage could not answer
	ExitVideoFailed      = 8 // the video failed processing
)

// Commands lists the client subcommands, for the server binary's dispatch.
var Commands = []string{"login", "logout", "whoami", "videos", "upload", "watch", "gate", "play", "webhook", "captions"}

// env is one invocation's context.
type env struct {
	stdout, stderr io.Writer
	server         string
	json           bool
	configDir      string
	client         *streamgate.Client
}

// Run executes one client command and returns the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("streamgate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def, _ := os.UserConfigDir()
	fs.StringVar(&e.server, "server", "http://127.0.0.1:8080", "StreamGate server URL (env STREAMGATE_SERVER)")
	fs.BoolVar(&e.json, "json", false, "print JSON for scripts")
	fs.StringVar(&e.configDir, "config-dir", filepath.Join(def, "streamgate"), "where the session and upload state live (env STREAMGATE_CONFIG_DIR)")
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	if cmd == "help" || cmd == "-h" || cmd == "-help" || cmd == "--help" {
		usage(stdout)
		return ExitOK
	}
	run, ok := commands[cmd]
	if !ok {
		fmt.Fprintf(stderr, "streamgate: unknown command %q\n", cmd)
		usage(stderr)
		return ExitUsage
	}
	return e.exit(run(ctx, e, fs, rest))
}

type command func(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error

var commands = map[string]command{
	"login":    login,
	"logout":   logout,
	"whoami":   whoami,
	"videos":   videos,
	"upload":   upload,
	"watch":    watch,
	"gate":     gateCmd,
	"play":     play,
	"webhook":  webhookCmd,
	"captions": captions,
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: streamgate <command> [flags]

client commands (global flags: --server URL, --json, --config-dir DIR):
  login --key-file F | --key-env VAR [--chain-id N]   sign in with a wallet key
  logout                                              revoke and forget the session
  whoami                                              show the signed-in wallet
  videos create --title T [--description D] [--tags a,b] [--visibility public|unlisted|private]
  videos list [--owner ADDR|me] [--status S] [--tag T] [--limit N]
  videos get ID | videos search QUERY | videos delete ID
  videos poster ID public|private                     let anyone see the poster (/poster/ID.jpg)
  captions add VIDEO FILE --language L [--name N] [--kind subtitles|captions] [--default] [--forced]
  captions list VIDEO | captions delete VIDEO TRACK   WebVTT or SRT text tracks
  upload FILE [--video ID | --title T]                upload with progress; rerun to resume
  watch VIDEO                                         follow status until ready or failed
  gate set VIDEO (--rule JSON | --rule-file F | --erc721 ADDR [--token-id N] --chain-id N)
  gate get VIDEO | gate clear VIDEO | gate check VIDEO [--address ADDR]
  play VIDEO                                          print a signed playback URL
  webhook add URL [--events video.ready,...] | webhook list | webhook get|enable|disable|delete|rotate ID
  webhook deliveries ENDPOINT [--limit N] | webhook redeliver DELIVERY

server commands:
  serve [--migrate]   run the server        migrate   apply database migrations
`)
}

// parse reads flags then STREAMGATE_* variables for them.
func (e *env) parse(fs *flag.FlagSet, args []string) error {
	if err := ff.Parse(fs, args, ff.WithEnvVarPrefix("STREAMGATE")); err != nil {
		return usageError{err}
	}
	e.client = streamgate.New(e.server)
	if t, ok := e.loadSession(); ok {
		e.client.SetTokens(t)
	}
	return nil
}

// parseInterspersed parses flags that may follow positional arguments
// (`upload FILE --title T`), returning the positionals.
func (e *env) parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos, flags []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			pos = append(pos, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(a, "-"):
			flags = append(flags, a)
			name := strings.TrimLeft(strings.SplitN(a, "=", 2)[0], "-")
			if f := fs.Lookup(name); f != nil && !strings.Contains(a, "=") && !isBool(f) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
		default:
			pos = append(pos, a)
		}
	}
	return pos, e.parse(fs, flags)
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }

// exit prints err for people (or as JSON) and maps it to an exit code.
func (e *env) exit(err error) int {
	if err == nil {
		return ExitOK
	}
	code := ExitCode(err)
	if errors.Is(err, flag.ErrHelp) {
		return ExitUsage
	}
	if e.json {
		e.printJSON(map[string]any{"error": err.Error(), "code": connectCodeName(err), "exit": code})
	} else {
		fmt.Fprintln(e.stderr, "streamgate:", err)
	}
	return code
}

// ExitCode maps an error to the documented exit code.
func ExitCode(err error) int {
	var u usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &u):
		return ExitUsage
	case errors.Is(err, streamgate.ErrVideoFailed):
		return ExitVideoFailed
	}
	switch connect.CodeOf(err) {
	case connect.CodeUnauthenticated:
		return ExitUnauthenticated
	case connect.CodePermissionDenied:
		return ExitPermissionDenied
	case connect.CodeNotFound:
		return ExitNotFound
	case connect.CodeInvalidArgument, connect.CodeFailedPrecondition, connect.CodeOutOfRange:
		return ExitInvalid
	case connect.CodeUnavailable, connect.CodeDeadlineExceeded, connect.CodeResourceExhausted:
		return ExitUnavailable
	}
	return ExitError
}

func connectCodeName(err error) string {
	var cerr *connect.Error
	if errors.As(err, &cerr) {
		return cerr.Code().String()
	}
	return ""
}

func needArgs(args []string, n int, what string) error {
	if len(args) != n {
		return usageError{fmt.Errorf("want %s", what)}
	}
	return nil
}
