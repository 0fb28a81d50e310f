package pgxtrace_test

import (
	"testing"

	"github.com/streamgate/streamgate/internal/tracing/pgxtrace"
)

func TestQueryName(t *testing.T) {
	t.Parallel()
	for sql, want := range map[string]string{
		"-- name: ClaimTranscodeJob :one\nUPDATE transcode_jobs SET x = 1": "ClaimTranscodeJob",
		"select 1":               "SELECT",
		"BEGIN":                  "BEGIN",
		"  commit\n":             "COMMIT",
		"-- a comment\nSELECT 1": "query",
		"":                       "query",
	} {
		if got := pgxtrace.QueryName(sql); got != want {
			t.Errorf("QueryName(%q) = %q, want %q", sql, got, want)
		}
	}
}
