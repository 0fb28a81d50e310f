// Package faulttest holds the dependency fault tests: a whole server
// whose PostgreSQL, Redis, S3 and chain connections each pass through a
// toxiproxy proxy run in-process, and, for every dependency refused,
// black-holed, reset and slowed, what each service's main RPCs and /play
// answer and how fast. The README's outage table is their result.
package faulttest
