package deploy

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The chart and its value sets, relative to this package.
const (
	chartDir  = "helm/streamgate"
	valuesDir = "helm/values"
)

// helm runs the Helm pinned in the root module's go.tool.mod (or $HELM),
// from this package's directory, and returns its standard output.
func helm(t *testing.T, args ...string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var cmd *exec.Cmd
	if h := os.Getenv("HELM"); h != "" {
		cmd = exec.CommandContext(ctx, h, args...)
	} else {
		root, err := filepath.Abs("..")
		if err != nil {
			t.Fatal(err)
		}
		cmd = exec.CommandContext(ctx, "go", append([]string{"tool", "-modfile=go.tool.mod", "helm"}, args...)...)
		cmd.Dir = root
	}
	// No kubeconfig, no repositories: template and lint need neither.
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HELM_CACHE_HOME="+home, "HELM_CONFIG_HOME="+home, "HELM_DATA_HOME="+home, "KUBECONFIG="+filepath.Join(home, "none"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("helm %v: %w\n%s", args, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// render runs helm template on chart with the given value files and --set
// pairs, and decodes the result strictly.
func render(t *testing.T, chart string, values []string, sets ...string) ([]object, error) {
	t.Helper()
	args := []string{"template", "sg", abs(t, chart), "--namespace", "video", "--kube-version", "1.33.0"}
	for _, v := range values {
		args = append(args, "-f", abs(t, filepath.Join(valuesDir, v)))
	}
	for _, s := range sets {
		args = append(args, "--set", s)
	}
	out, err := helm(t, args...)
	if err != nil {
		return nil, err
	}
	return decodeManifests(out)
}

func abs(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
