// Package db owns StreamGate's PostgreSQL schema and access: the SQL
// migrations under migrations/, the queries under queries/ compiled by sqlc
// into package dbq, and the Store that runs them in transactions.
package db
