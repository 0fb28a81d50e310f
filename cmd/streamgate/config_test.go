package main

import "testing"

func TestSignInNamesThePublicURL(t *testing.T) {
	t.Setenv("STREAMGATE_PUBLIC_URL", "")
	c, err := parseConfig("serve", []string{"--public-url", "https://video.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Svc.Auth.Domain != "video.example.com" || c.Svc.Auth.URI != "https://video.example.com" {
		t.Fatalf("domain %q uri %q", c.Svc.Auth.Domain, c.Svc.Auth.URI)
	}
	c, err = parseConfig("serve", []string{"--public-url", "https://video.example.com", "--auth-domain", "app.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Svc.Auth.Domain != "app.example.com" {
		t.Fatalf("explicit --auth-domain lost: %q", c.Svc.Auth.Domain)
	}
	c, err = parseConfig("serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Svc.Auth.Domain != "127.0.0.1:8080" || c.Svc.Auth.URI != "http://127.0.0.1:8080" {
		t.Fatalf("defaults: domain %q uri %q", c.Svc.Auth.Domain, c.Svc.Auth.URI)
	}
}
