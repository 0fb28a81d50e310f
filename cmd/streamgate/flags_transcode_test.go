package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/streamgate/streamgate/server/hlskey"
)

func TestTranscodeFlags(t *testing.T) {
	master := strings.Repeat("k", 32)
	c, err := parseConfig("serve", []string{"--worker-tokens", "token-one-0123456789, token-two-0123456789", "--key-master", "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=", "--transcode-lease", "1m"})
	if err != nil {
		t.Fatal(err)
	}
	tc := c.Svc.Transcode
	if len(tc.WorkerTokens) != 2 || tc.WorkerTokens[1] != "token-two-0123456789" || !bytes.Equal(c.ContentKeys.MasterKey, []byte(master)) || c.ContentKeys.Insecure || tc.Lease.Minutes() != 1 {
		t.Fatalf("transcode config %+v", tc)
	}
	c, err = parseConfig("serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !c.ContentKeys.Insecure || !bytes.Equal(c.ContentKeys.MasterKey, hlskey.DevMasterKey()) {
		t.Fatalf("without --key-master: %+v", c.ContentKeys)
	}
	for _, args := range [][]string{
		{"--worker-tokens", "short"},
		{"--key-master", "not base64!"},
		{"--key-master", "c2hvcnQ="},
		{"--transcode-lease", "0s"},
	} {
		if _, err := parseConfig("serve", args); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
