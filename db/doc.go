// Package db owns StreamGate's PostgreSQL schema and access: the SQL
// migrations under migrations/, the queries under queries/ compiled by sqlc
// into package dbq, the Store that runs them (alone or in transactions)
// and maps every driver error to this package's sentinels, and the
// Listener that delivers notifications.
package db
