package db

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

var (
	poolAcquired = prometheus.NewDesc("streamgate_pgx_pool_acquired_conns", "Connections in use.", nil, nil)
	poolIdle     = prometheus.NewDesc("streamgate_pgx_pool_idle_conns", "Idle connections.", nil, nil)
	poolTotal    = prometheus.NewDesc("streamgate_pgx_pool_total_conns", "Open connections.", nil, nil)
	poolMax      = prometheus.NewDesc("streamgate_pgx_pool_max_conns", "Pool size limit.", nil, nil)
	poolWaits    = prometheus.NewDesc("streamgate_pgx_pool_empty_acquire_total", "Acquires that had to wait for a connection.", nil, nil)
	poolWaitSecs = prometheus.NewDesc("streamgate_pgx_pool_acquire_wait_seconds_total", "Time spent waiting for connections.", nil, nil)
)

// PoolCollector returns the Prometheus collector of the store's pool
// figures, read on every scrape.
func (s *Store) PoolCollector() prometheus.Collector { return &poolCollector{pool: s.pool} }

// poolCollector reads pgxpool.Stat on every scrape.
type poolCollector struct{ pool *pgxpool.Pool }

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolAcquired, poolIdle, poolTotal, poolMax, poolWaits, poolWaitSecs} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	ch <- prometheus.MustNewConstMetric(poolAcquired, prometheus.GaugeValue, float64(s.AcquiredConns()))
	ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.IdleConns()))
	ch <- prometheus.MustNewConstMetric(poolTotal, prometheus.GaugeValue, float64(s.TotalConns()))
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(s.MaxConns()))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWaitSecs, prometheus.CounterValue, s.EmptyAcquireWaitTime().Seconds())
}
