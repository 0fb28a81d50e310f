package gate

import "github.com/prometheus/client_golang/prometheus"

// Collector exposes AnswerWrites on /metrics: what became of the answers
// handed to the Redis writer (streamgate_gate_answer_writes_total, by
// outcome) and the pipelines they took. An operator sees there when other
// replicas stop finding this one's answers (failed, dropped or late
// climbing) without reading the logs.
func (g *Checker) Collector() prometheus.Collector { return answerCollector{g} }

const answerWritesHelp = "Gate answers handed to the Redis writer, by outcome: written, failed (Redis refused or failed), dropped (queue full), late (past the check timeout)."

var (
	answerWritesDesc  = prometheus.NewDesc("streamgate_gate_answer_writes_total", answerWritesHelp, []string{"outcome"}, nil)
	answerBatchesDesc = prometheus.NewDesc("streamgate_gate_answer_write_batches_total",
		"Pipelines (round trips to Redis) the gate's answer writes took.", nil, nil)
)

type answerCollector struct{ g *Checker }

func (c answerCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- answerWritesDesc
	ch <- answerBatchesDesc
}

func (c answerCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.g.AnswerWrites()
	for _, o := range []struct {
		outcome string
		n       uint64
	}{{"written", s.Written}, {"failed", s.Failed}, {"dropped", s.Dropped}, {"late", s.Late}} {
		ch <- prometheus.MustNewConstMetric(answerWritesDesc, prometheus.CounterValue, float64(o.n), o.outcome)
	}
	ch <- prometheus.MustNewConstMetric(answerBatchesDesc, prometheus.CounterValue, float64(s.Batches))
}
