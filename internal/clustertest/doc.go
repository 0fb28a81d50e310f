// Package clustertest proves that StreamGate scales past one process: its
// test runs the real binaries as a small cluster on one machine (four
// `streamgate serve` processes, three with split roles and one hosting
// everything, behind nginx over HTTP/1.1 and h2c, three `transcoder`
// workers, a PostgreSQL of its own, a three-master Redis Cluster, the
// local S3 server and a simulated chain), drives creators and viewers
// through it while it kills servers, a worker and PostgreSQL, and checks
// that nothing was lost or done twice.
package clustertest
