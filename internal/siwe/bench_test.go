package siwe_test

import (
	"testing"

	"github.com/streamgate/streamgate/internal/siwe"
)

// BenchmarkParse measures the parser on the EIP-4361 example with every
// field, and on the minimal message a StreamGate challenge is.
func BenchmarkParse(b *testing.B) {
	for name, text := range map[string]string{"full": full, "minimal": minimal} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := siwe.Parse(text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
