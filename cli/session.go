package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"

	streamgate "github.com/streamgate/streamgate/sdk/go"
)

// sessionFile holds one server's tokens; the name hashes the server URL
// so sessions with several servers coexist.
func (e *env) sessionFile() string {
	sum := sha256.Sum256([]byte(e.server))
	return filepath.Join(e.configDir, "session-"+hex.EncodeToString(sum[:6])+".json")
}

func (e *env) loadSession() (streamgate.Tokens, bool) {
	var t streamgate.Tokens
	b, err := os.ReadFile(e.sessionFile())
	if err != nil || json.Unmarshal(b, &t) != nil {
		return t, false
	}
	return t, true
}

// saveSession writes the tokens readable by the user only.
func (e *env) saveSession(t streamgate.Tokens) error {
	return writePrivate(e.sessionFile(), t)
}

func (e *env) forgetSession() error {
	err := os.Remove(e.sessionFile())
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

func writePrivate(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// persist saves the (possibly refreshed) session after a command.
func (e *env) persist() {
	if t := e.client.Tokens(); t.Access != "" {
		_ = e.saveSession(t)
	}
}
