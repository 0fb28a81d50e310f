package gate

import (
	"sync"
	"sync/atomic"
)

// maxMemo bounds each in-process memo; past it, the memo starts over.
const maxMemo = 100_000

// memo is a sync.Map that cannot grow without bound: every Store of a
// new entry counts, and the memo is cleared when the count passes maxMemo
// (cheaper than eviction, and each memo is only a cache of something
// that can be read again).
type memo struct {
	sync.Map
	n atomic.Int64
	// max overrides maxMemo when set.
	max int64
}

// Store adds an entry, clearing the memo first when it is full. To
// replace an entry known to be there, use m.Map.Store.
func (m *memo) Store(key, value any) {
	limit := m.max
	if limit == 0 {
		limit = maxMemo
	}
	if m.n.Add(1) > limit {
		m.Clear()
		m.n.Store(1) // this entry
	}
	m.Map.Store(key, value)
}
