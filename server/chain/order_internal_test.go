package chain

import (
	"errors"
	"slices"
	"testing"
)

// TestOrder: healthy endpoints first in configured order, down ones
// last; with none down, the configured endpoints themselves, without an
// allocation.
func TestOrder(t *testing.T) {
	a, b, c := &endpoint{url: "a"}, &endpoint{url: "b"}, &endpoint{url: "c"}
	ch := &Chain{endpoints: []*endpoint{a, b, c}}
	urls := func(es []*endpoint) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.url)
		}
		return out
	}
	if got := urls(ch.order()); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("all up: %v", got)
	}
	if n := testing.AllocsPerRun(100, func() { ch.order() }); n != 0 {
		t.Errorf("all up: %v allocations, want 0", n)
	}
	a.markDown(errors.New("refused"))
	if got := urls(ch.order()); !slices.Equal(got, []string{"b", "c", "a"}) {
		t.Fatalf("a down: %v", got)
	}
	c.markDown(errors.New("refused"))
	if got := urls(ch.order()); !slices.Equal(got, []string{"b", "a", "c"}) {
		t.Fatalf("a and c down: %v", got)
	}
	// The configured order is left as it was.
	if got := urls(ch.endpoints); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("configured order changed: %v", got)
	}
	a.markUp()
	c.markUp()
	if got := urls(ch.order()); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("all up again: %v", got)
	}
}
