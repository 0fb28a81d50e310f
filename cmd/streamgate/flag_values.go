package main

import (
	"flag"
	"strings"
)

// listFlag is a comma-separated list; its default is printed from the
// list it writes to, so it is the config's default.
type listFlag struct{ list *[]string }

var _ flag.Value = listFlag{}

func (l listFlag) String() string {
	if l.list == nil {
		return ""
	}
	return strings.Join(*l.list, ",")
}

func (l listFlag) Set(s string) error {
	*l.list = splitList(s)
	return nil
}

// funcFlag is a flag parsed by set and printed by show, which reads the
// config it writes to (so its default is the config's).
type funcFlag struct {
	show func() string
	set  func(string) error
}

var _ flag.Value = funcFlag{}

func (f funcFlag) String() string {
	if f.show == nil {
		return ""
	}
	return f.show()
}

func (f funcFlag) Set(s string) error { return f.set(s) }
