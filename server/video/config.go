package video

// Config is the service's own settings, filled in by cmd/streamgate. It
// has none today: deleted videos' objects are removed by server/objectgc,
// and change notifications come from the server's db.Listener.
type Config struct{}

// WithDefaults fills every zero field.
func (c Config) WithDefaults() Config { return c }
