// Package sdkts holds no Go code of its own: it is the TypeScript SDK's
// directory, and its test (sdk_test.go) runs the SDK's Node and browser
// tests against a full StreamGate server, so that go test ./... covers
// them.
package sdkts
