package deploy

import (
	"regexp"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
)

// flagName finds flag registrations: fs.StringVar(&c.X, "name", ...),
// fs.Func("name", ...), and the like.
var flagName = regexp.MustCompile(`\.(?:String|Bool|Int|Int64|Uint|Uint64|Float64|Duration|Func|BoolFunc|Text)(?:Var)?\([^"\n]*"([a-z][a-z0-9-]*)"`)

// flagsIn lists the flags registered by the non-test Go files under dirs.
func flagsIn(t *testing.T, dirs ...string) map[string]bool {
	t.Helper()
	flags := map[string]bool{}
	for _, dir := range dirs {
		for _, m := range flagName.FindAllSubmatch(sourceText(t, dir), -1) {
			flags[string(m[1])] = true
		}
	}
	return flags
}

// TestChartEnvNamesAreFlags: every STREAMGATE_* variable the chart sets is
// a flag of the binary it is given to (ff maps --db-max-conns to
// STREAMGATE_DB_MAX_CONNS), so a misspelt name does not silently leave a
// default in place.
func TestChartEnvNamesAreFlags(t *testing.T) {
	t.Parallel()
	server := flagsIn(t, "../cmd/streamgate", "../server")
	worker := flagsIn(t, "../cmd/transcoder", "../transcoder")
	if !server["database-url"] || !server["worker-tokens"] || !worker["worker-token"] {
		t.Fatalf("flag scan found too little: %d server flags, %d worker flags", len(server), len(worker))
	}
	for _, c := range cases {
		objs, err := render(t, chartDir, c.values)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objs {
			var pod corev1.PodSpec
			switch v := o.Obj.(type) {
			case *appsv1.Deployment:
				pod = v.Spec.Template.Spec
			case *batchv1.Job:
				pod = v.Spec.Template.Spec
			default:
				continue
			}
			for _, e := range pod.Containers[0].Env {
				check(t, c.name+" "+o.Name, e.Name, server, worker)
			}
		}
	}
}

func check(t *testing.T, who, env string, server, worker map[string]bool) {
	t.Helper()
	flag := func(prefix string) string {
		return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(env, prefix)), "_", "-")
	}
	switch {
	case strings.HasPrefix(env, "STREAMGATE_TRANSCODER_"):
		if !worker[flag("STREAMGATE_TRANSCODER_")] {
			t.Errorf("%s: %s is no flag of cmd/transcoder", who, env)
		}
	case strings.HasPrefix(env, "STREAMGATE_"):
		if !server[flag("STREAMGATE_")] {
			t.Errorf("%s: %s is no flag of streamgate serve", who, env)
		}
	default:
		t.Errorf("%s: %s is read by neither binary", who, env)
	}
}
