package hlskey

import "fmt"

// DefaultConfig is the development setting cmd/streamgate starts from:
// the public development master key, marked Insecure so the server warns.
func DefaultConfig() Config {
	return Config{MasterKey: DevMasterKey(), Insecure: true}
}

// Validate reports a master key of the wrong size.
func (c Config) Validate() error {
	if len(c.MasterKey) != MasterKeySize {
		return fmt.Errorf("--key-master: want %d bytes, got %d", MasterKeySize, len(c.MasterKey))
	}
	return nil
}
