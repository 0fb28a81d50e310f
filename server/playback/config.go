package playback

// Config is the service's own settings, filled in by cmd/streamgate.
type Config struct{}
