package video

// Config is the service's own settings, filled in by cmd/streamgate. It
// has none today: deleted videos' objects are removed by server/objectgc,
// and change notifications come from the server's db.Listener.
type Config struct{}

// DefaultConfig is the settings cmd/streamgate starts from.
func DefaultConfig() Config { return Config{} }

// Validate reports bad settings; there are none to have yet.
func (c Config) Validate() error { return nil }
