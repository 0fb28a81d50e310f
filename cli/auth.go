package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"connectrpc.com/connect"

	authv1 "github.com/streamgate/streamgate/gen/streamgate/auth/v1"
	streamgate "github.com/streamgate/streamgate/sdk/go"
)

func login(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	keyFile := fs.String("key-file", "", "file holding the wallet's hex private key")
	keyEnv := fs.String("key-env", "STREAMGATE_PRIVATE_KEY", "environment variable holding the hex private key (when no --key-file)")
	chainID := fs.Uint64("chain-id", 31337, "chain the wallet signs in on")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	key, err := readKey(*keyFile, *keyEnv)
	if err != nil {
		return usageError{err}
	}
	signer, err := streamgate.KeySignerFromHex(key)
	if err != nil {
		return usageError{err}
	}
	addr, err := e.client.SignIn(ctx, signer, *chainID)
	if err != nil {
		return err
	}
	if err := e.saveSession(e.client.Tokens()); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	if e.json {
		e.printJSON(map[string]any{"address": addr, "server": e.server})
	} else {
		fmt.Fprintf(e.stdout, "signed in to %s as %s\n", e.server, addr)
	}
	return nil
}

func readKey(file, envName string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("read key: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if v := os.Getenv(envName); v != "" {
		return v, nil
	}
	return "", errors.New("give the wallet key with --key-file FILE or in $" + envName)
}

func logout(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if e.client.Tokens().Access != "" {
		if err := e.client.SignOut(ctx); err != nil && connect.CodeOf(err) != connect.CodeUnauthenticated {
			return err
		}
	}
	if err := e.forgetSession(); err != nil {
		return err
	}
	if !e.json {
		fmt.Fprintln(e.stdout, "signed out")
	}
	return nil
}

func whoami(ctx context.Context, e *env, fs *flag.FlagSet, args []string) error {
	if err := e.parse(fs, args); err != nil {
		return err
	}
	res, err := e.client.Auth.WhoAmI(ctx, connect.NewRequest(&authv1.WhoAmIRequest{}))
	if err != nil {
		return err
	}
	if e.json {
		e.printProto(res.Msg)
	} else {
		fmt.Fprintf(e.stdout, "%s (chain %d)\n", res.Msg.GetAddress(), res.Msg.GetChainId())
	}
	return nil
}
