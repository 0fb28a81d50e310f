package upload

import (
	"fmt"
	"strings"
	"sync"
)

// slots counts the running UploadStream calls, per process and per
// wallet: each holds up to three parts' chunks in memory and an S3
// multipart upload, so one wallet must not take every slot.
type slots struct {
	max, perWallet int

	mu   sync.Mutex
	used int
	of   map[string]int
}

func newSlots(max, perWallet int) *slots {
	return &slots{max: max, perWallet: perWallet, of: map[string]int{}}
}

// take claims a slot for wallet, or answers why not; release must follow.
func (s *slots) take(wallet string) (release func(), err error) {
	wallet = strings.ToLower(wallet)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.of[wallet] >= s.perWallet {
		return nil, fmt.Errorf("%w: this wallet has %d upload streams open, the most one wallet may; finish one first", ErrWalletBusy, s.of[wallet])
	}
	if s.used >= s.max {
		return nil, ErrBusy
	}
	s.used++
	s.of[wallet]++
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.used--
			if s.of[wallet]--; s.of[wallet] <= 0 {
				delete(s.of, wallet)
			}
		})
	}, nil
}
