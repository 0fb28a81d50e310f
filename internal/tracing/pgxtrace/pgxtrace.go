// Package pgxtrace traces a pgx pool's queries for internal/tracing. It
// is apart from tracing so that the worker, which has no database, does
// not link pgx.
package pgxtrace

import (
	"strings"
	"unicode"

	"github.com/exaring/otelpgx"
	"go.opentelemetry.io/otel/metric/noop"

	"github.com/streamgate/streamgate/internal/tracing"
)

// New returns the pgx tracer to set as a pool's ConnConfig.Tracer (and
// with it pgxpool's acquire tracer): a client span per query, batch, copy
// and pool acquire made under a recording span, named after the sqlc
// query ("query ClaimTranscodeJob", and "prepare ClaimTranscodeJob" the
// first time a connection runs it). The statement text is recorded (sqlc's SQL
// has placeholders); its arguments are not.
func New(p *tracing.Provider) *otelpgx.Tracer {
	return otelpgx.NewTracer(
		otelpgx.WithTracerProvider(p.TracerProvider()),
		otelpgx.WithMeterProvider(noop.NewMeterProvider()),
		otelpgx.WithDisableConnectionDetailsInAttributes(),
		otelpgx.WithSpanNameFunc(QueryName),
		otelpgx.WithQuerySpanNamePrefix(),
	)
}

// QueryName names a statement's span: sqlc's "-- name: X :kind" comment
// when there is one, else the statement's first word ("SELECT").
func QueryName(sql string) string {
	if rest, ok := strings.CutPrefix(strings.TrimSpace(sql), "-- name: "); ok {
		if name, _, ok := strings.Cut(rest, " "); ok && name != "" {
			return name
		}
	}
	word := strings.TrimSpace(sql)
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 {
		word = word[:i]
	}
	if len(word) > 20 || word == "" || strings.HasPrefix(word, "--") {
		return "query"
	}
	return strings.ToUpper(word)
}
