package playback

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// playCounters hands /play its request and byte counters by label
// without hashing the labels (and formatting the status) on every
// request: the label sets are few, each is looked up in the vectors once.
type playCounters struct {
	f        *figures
	mu       sync.RWMutex
	requests map[playLabel]prometheus.Counter
	bytes    map[resource]prometheus.Counter
}

type playLabel struct {
	res    resource
	status int
}

func newPlayCounters(f *figures) *playCounters {
	return &playCounters{f: f, requests: map[playLabel]prometheus.Counter{}, bytes: map[resource]prometheus.Counter{}}
}

// request is the requests counter of kind res and status.
func (c *playCounters) request(res resource, status int) prometheus.Counter {
	k := playLabel{res, status}
	c.mu.RLock()
	ctr, ok := c.requests[k]
	c.mu.RUnlock()
	if !ok {
		ctr = c.f.requests.WithLabelValues(res.String(), strconv.Itoa(status))
		c.mu.Lock()
		c.requests[k] = ctr
		c.mu.Unlock()
	}
	return ctr
}

// served is the bytes counter of kind res.
func (c *playCounters) served(res resource) prometheus.Counter {
	c.mu.RLock()
	ctr, ok := c.bytes[res]
	c.mu.RUnlock()
	if !ok {
		ctr = c.f.bytes.WithLabelValues(res.String())
		c.mu.Lock()
		c.bytes[res] = ctr
		c.mu.Unlock()
	}
	return ctr
}

// writer wraps w in a statusWriter from the pool; done counts the
// request and returns it. A request then allocates no writer of its own.
func (s *Service) writer(w http.ResponseWriter) *statusWriter {
	sw, _ := s.writers.Get().(*statusWriter)
	if sw == nil {
		sw = new(statusWriter)
	}
	sw.ResponseWriter, sw.status = w, http.StatusOK
	return sw
}

func (s *Service) done(sw *statusWriter, res resource) {
	s.counters.request(res, sw.status).Inc()
	sw.ResponseWriter = nil
	s.writers.Put(sw)
}
