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

// parsedFlag is a flag read by parse into dst and printed by format from
// dst, so its default is the config's.
type parsedFlag[T any] struct {
	dst    *T
	parse  func(string) (T, error)
	format func(T) string
}

// parsed returns the flag.Value of dst, read by parse and printed by
// format.
func parsed[T any](dst *T, parse func(string) (T, error), format func(T) string) flag.Value {
	return parsedFlag[T]{dst: dst, parse: parse, format: format}
}

func (f parsedFlag[T]) String() string {
	if f.dst == nil {
		return ""
	}
	return f.format(*f.dst)
}

func (f parsedFlag[T]) Set(s string) error {
	v, err := f.parse(s)
	if err != nil {
		return err
	}
	*f.dst = v
	return nil
}
