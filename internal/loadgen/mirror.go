package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Mirror copies the HLS tree under masterURL (master playlist, every
// rung's media playlist, key, init and segments) into dir with the same
// layout relative to the master's directory, so a static server can serve
// the same bytes. It returns the number of files and bytes written.
func Mirror(ctx context.Context, client *http.Client, masterURL, dir string) (files int, size int64, err error) {
	s := &session{cfg: &Config{Client: client}}
	root, err := url.Parse(masterURL)
	if err != nil {
		return 0, 0, err
	}
	rootDir := path.Dir(root.Path) + "/"
	save := func(u *url.URL, body []byte) error {
		rel, ok := strings.CutPrefix(path.Clean(u.Path), rootDir)
		if !ok || rel == "" || strings.Contains(rel, "..") {
			return fmt.Errorf("mirror: %s is outside %s", u.Path, rootDir)
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		files, size = files+1, size+int64(len(body))
		return os.WriteFile(p, body, 0o644)
	}
	get := func(base, ref *url.URL) (*url.URL, []byte, error) {
		u, body, err := s.fetch(ctx, base, ref)
		if err == nil {
			err = save(u, body)
		}
		return u, body, err
	}
	_, body, err := get(root, &url.URL{})
	if err != nil {
		return files, size, err
	}
	vs, err := parseMaster(string(body))
	if err != nil {
		return files, size, err
	}
	for _, v := range vs {
		mu, body, err := get(root, v.uri)
		if err != nil {
			return files, size, err
		}
		m, err := parseMedia(string(body))
		if err != nil {
			return files, size, err
		}
		refs := []*url.URL{m.key, m.mp}
		for _, sg := range m.segments {
			refs = append(refs, sg.uri)
		}
		for _, ref := range refs {
			if ref == nil {
				continue
			}
			if _, _, err := get(mu, ref); err != nil {
				return files, size, err
			}
		}
	}
	return files, size, nil
}
