package deploy

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// rendered indexes one render's objects by kind and name.
type rendered map[string]map[string]any

func index(t *testing.T, objs []object) rendered {
	t.Helper()
	r := rendered{}
	for _, o := range objs {
		if r[o.Kind] == nil {
			r[o.Kind] = map[string]any{}
		}
		if _, dup := r[o.Kind][o.Name]; dup {
			t.Errorf("%s %s rendered twice", o.Kind, o.Name)
		}
		r[o.Kind][o.Name] = o.Obj
	}
	return r
}

func get[T any](t *testing.T, r rendered, kind, name string) T {
	t.Helper()
	o, ok := r[kind][name].(T)
	if !ok {
		t.Fatalf("no %s %q in the render (have %v)", kind, name, slices.Sorted(maps.Keys(r[kind])))
	}
	return o
}

func names(r rendered, kind string) []string { return slices.Sorted(maps.Keys(r[kind])) }

// The value sets CI renders, and what each must produce.
var cases = []struct {
	name        string
	values      []string
	deployments []string // server roles and workers
	secret      string   // the Secret the pods read
	makesSecret bool
	ingress     bool
	migration   bool
	keda        bool
	hpas        []string
}{
	{name: "defaults", values: []string{"minimal.yaml"},
		deployments: []string{"sg-streamgate-all", "sg-streamgate-workers"},
		secret:      "sg-streamgate", makesSecret: true, ingress: true, migration: true,
		hpas: []string{"sg-streamgate-workers"}},
	{name: "split-autoscaled", values: []string{"split-autoscaled.yaml"},
		deployments: []string{"sg-streamgate-api", "sg-streamgate-playback", "sg-streamgate-transcode", "sg-streamgate-workers"},
		secret:      "streamgate-credentials", ingress: true, migration: true, keda: true,
		hpas: []string{"sg-streamgate-api", "sg-streamgate-playback"}},
	{name: "no-ingress", values: []string{"no-ingress.yaml"},
		deployments: []string{"sg-streamgate-all", "sg-streamgate-workers"},
		secret:      "sg-streamgate", makesSecret: true},
}

func TestChartRenders(t *testing.T) {
	t.Parallel()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			objs, err := render(t, chartDir, c.values)
			if err != nil {
				t.Fatal(err)
			}
			r := index(t, objs)
			if got := names(r, "Deployment"); !slices.Equal(got, c.deployments) {
				t.Errorf("Deployments %v, want %v", got, c.deployments)
			}
			if got := names(r, "HorizontalPodAutoscaler"); !slices.Equal(got, c.hpas) {
				t.Errorf("HPAs %v, want %v", got, c.hpas)
			}
			_, made := r["Secret"][c.secret]
			if made != c.makesSecret {
				t.Errorf("Secret %s rendered: %v, want %v", c.secret, made, c.makesSecret)
			}
			checkDeployments(t, r, c.secret)
			checkServicesAndBudgets(t, r)
			checkScaling(t, r, c.keda)
			if _, ok := r["Ingress"]["sg-streamgate"]; ok != c.ingress {
				t.Errorf("Ingress rendered: %v, want %v", ok, c.ingress)
			} else if ok {
				checkIngress(t, r, strings.Contains(c.name, "split"))
			}
			if _, ok := r["Job"]["sg-streamgate-migrate"]; ok != c.migration {
				t.Errorf("migration Job rendered: %v, want %v", ok, c.migration)
			} else if ok {
				checkMigration(t, r, c.secret)
			}
		})
	}
}

// checkDeployments: every pod runs as non-root on a read-only root file
// system, server roles probe /healthz and /readyz, roles hosting upload use
// the image with ffprobe, and every secret reference resolves.
func checkDeployments(t *testing.T, r rendered, secret string) {
	t.Helper()
	for _, name := range names(r, "Deployment") {
		d := get[*appsv1.Deployment](t, r, "Deployment", name)
		spec := d.Spec.Template.Spec
		sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
		if err != nil || !sel.Matches(labels.Set(d.Spec.Template.Labels)) {
			t.Errorf("%s: selector does not match its pod labels (%v)", name, err)
		}
		if psc := spec.SecurityContext; psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser == 0 {
			t.Errorf("%s: pod not forced non-root: %+v", name, psc)
		}
		if len(spec.Containers) != 1 {
			t.Fatalf("%s: %d containers", name, len(spec.Containers))
		}
		ctr := spec.Containers[0]
		sc := ctr.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
			sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) {
			t.Errorf("%s: container security context %+v", name, sc)
		}
		if ctr.Resources.Requests.Cpu().IsZero() || ctr.Resources.Limits.Memory().IsZero() {
			t.Errorf("%s: no CPU request or memory limit", name)
		}
		checkSecretRefs(t, r, name, ctr.Env, secret)
		if strings.HasSuffix(name, "-workers") {
			checkWorker(t, r, d)
			continue
		}
		checkServer(t, d)
	}
}

func checkServer(t *testing.T, d *appsv1.Deployment) {
	t.Helper()
	ctr := d.Spec.Template.Spec.Containers[0]
	if !slices.Equal(ctr.Args, []string{"serve"}) {
		t.Errorf("%s: args %v", d.Name, ctr.Args)
	}
	for probe, want := range map[*corev1.Probe]string{ctr.LivenessProbe: "/healthz", ctr.ReadinessProbe: "/readyz", ctr.StartupProbe: "/healthz"} {
		if probe == nil || probe.HTTPGet == nil || probe.HTTPGet.Path != want || probe.HTTPGet.Port.String() != "http" {
			t.Errorf("%s: want a probe on %s, have %+v", d.Name, want, probe)
		}
	}
	env := envMap(ctr.Env)
	services := strings.Split(env["STREAMGATE_SERVICES"], ",")
	want := map[string][]string{
		"all": {"auth", "video", "upload", "gate", "playback", "transcode", "webhook"}, "api": {"auth", "video", "upload", "gate", "webhook"},
		"playback": {"playback"}, "transcode": {"transcode"},
	}[strings.TrimPrefix(d.Name, "sg-streamgate-")]
	if !slices.Equal(services, want) {
		t.Errorf("%s: STREAMGATE_SERVICES %v, want %v", d.Name, services, want)
	}
	if env["STREAMGATE_ADDR"] != "0.0.0.0:8080" || env["STREAMGATE_PUBLIC_URL"] != "https://video.example.com" {
		t.Errorf("%s: addr %q, public URL %q", d.Name, env["STREAMGATE_ADDR"], env["STREAMGATE_PUBLIC_URL"])
	}
	ffprobe := strings.Contains(ctr.Image, "server-ffprobe:")
	if ffprobe != slices.Contains(services, "upload") {
		t.Errorf("%s hosts %v with image %s: roles hosting upload need ffprobe, the others the static image", d.Name, services, ctr.Image)
	}
	_, master := env["STREAMGATE_KEY_MASTER"]
	_, tokens := env["STREAMGATE_WORKER_TOKENS"]
	// The key master seals content keys (playback, transcode) and
	// webhook endpoints' secrets (webhook).
	needsMaster := slices.Contains(services, "playback") || slices.Contains(services, "transcode") || slices.Contains(services, "webhook")
	if master != needsMaster || tokens != slices.Contains(services, "transcode") {
		t.Errorf("%s hosts %v: key master given %v, worker tokens given %v", d.Name, services, master, tokens)
	}
	if !mountsAt(d, "/tmp") {
		t.Errorf("%s: no writable /tmp on a read-only root", d.Name)
	}
	if d.Spec.Template.Spec.TerminationGracePeriodSeconds == nil || *d.Spec.Template.Spec.TerminationGracePeriodSeconds <= 30 {
		t.Errorf("%s: grace period shorter than the drain", d.Name)
	}
}

func checkWorker(t *testing.T, r rendered, d *appsv1.Deployment) {
	t.Helper()
	env := envMap(d.Spec.Template.Spec.Containers[0].Env)
	url := env["STREAMGATE_TRANSCODER_SERVER_URL"]
	host := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), ":80")
	svc, ok := r["Service"][host].(*corev1.Service)
	if !ok {
		t.Fatalf("workers call %s: no such Service", url)
	}
	if svc.Spec.Selector["app.kubernetes.io/component"] != "server-all" && svc.Spec.Selector["app.kubernetes.io/component"] != "server-transcode" {
		t.Errorf("workers call %s, which does not host transcode", svc.Name)
	}
	if _, ok := env["STREAMGATE_TRANSCODER_WORKER_TOKEN"]; !ok {
		t.Error("workers have no token")
	}
	if _, ok := env["STREAMGATE_DATABASE_URL"]; ok {
		t.Error("workers must not see the database URL")
	}
	if !mountsAt(d, "/work") || env["STREAMGATE_TRANSCODER_WORK_DIR"] != "/work" {
		t.Error("workers have no writable work dir")
	}
}

// checkSecretRefs: a pod reads only the Secret the release uses, and a
// Secret the chart renders has every key asked for.
func checkSecretRefs(t *testing.T, r rendered, who string, env []corev1.EnvVar, secret string) {
	t.Helper()
	for _, e := range env {
		if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
			continue
		}
		ref := e.ValueFrom.SecretKeyRef
		if ref.Name != secret {
			t.Errorf("%s: %s reads Secret %s, want %s", who, e.Name, ref.Name, secret)
			continue
		}
		if s, ok := r["Secret"][secret].(*corev1.Secret); ok {
			if _, has := s.StringData[ref.Key]; !has && (ref.Optional == nil || !*ref.Optional) {
				t.Errorf("%s: %s reads key %s the Secret lacks", who, e.Name, ref.Key)
			}
		}
	}
}

// checkServicesAndBudgets: every Service and PDB selects a Deployment's pods.
func checkServicesAndBudgets(t *testing.T, r rendered) {
	t.Helper()
	selects := func(sel labels.Selector) bool {
		for _, n := range names(r, "Deployment") {
			if sel.Matches(labels.Set(get[*appsv1.Deployment](t, r, "Deployment", n).Spec.Template.Labels)) {
				return true
			}
		}
		return false
	}
	for _, n := range names(r, "Service") {
		s := get[*corev1.Service](t, r, "Service", n)
		if len(s.Spec.Selector) == 0 || !selects(labels.SelectorFromSet(s.Spec.Selector)) {
			t.Errorf("Service %s selects no Deployment's pods", n)
		}
		if len(s.Spec.Ports) != 1 || s.Spec.Ports[0].TargetPort.String() != "http" {
			t.Errorf("Service %s ports %+v", n, s.Spec.Ports)
		}
	}
	for _, n := range names(r, "PodDisruptionBudget") {
		p := get[*policyv1.PodDisruptionBudget](t, r, "PodDisruptionBudget", n)
		sel, err := metav1.LabelSelectorAsSelector(p.Spec.Selector)
		if err != nil || !selects(sel) {
			t.Errorf("PDB %s selects no Deployment's pods (%v)", n, err)
		}
	}
	if len(r["PodDisruptionBudget"]) != len(r["Deployment"]) {
		t.Errorf("PDBs %v for Deployments %v", names(r, "PodDisruptionBudget"), names(r, "Deployment"))
	}
}

// checkScaling: HPAs and the ScaledObject target Deployments that exist and
// leave their replica count alone; KEDA scales workers on the queue query.
func checkScaling(t *testing.T, r rendered, keda bool) {
	t.Helper()
	for _, n := range names(r, "HorizontalPodAutoscaler") {
		h := get[*autoscalingv2.HorizontalPodAutoscaler](t, r, "HorizontalPodAutoscaler", n)
		d := get[*appsv1.Deployment](t, r, "Deployment", h.Spec.ScaleTargetRef.Name)
		if d.Spec.Replicas != nil {
			t.Errorf("%s sets replicas and has an HPA", d.Name)
		}
		if len(h.Spec.Metrics) != 1 || h.Spec.Metrics[0].Resource == nil || h.Spec.Metrics[0].Resource.Name != corev1.ResourceCPU {
			t.Errorf("HPA %s does not scale on CPU", n)
		}
	}
	so, ok := r["ScaledObject"]["sg-streamgate-workers"].(*ScaledObject)
	if ok != keda {
		t.Fatalf("ScaledObject rendered: %v, want %v", ok, keda)
	}
	if !keda {
		return
	}
	if _, both := r["HorizontalPodAutoscaler"]["sg-streamgate-workers"]; both {
		t.Error("workers have both an HPA and a ScaledObject")
	}
	d := get[*appsv1.Deployment](t, r, "Deployment", so.Spec.ScaleTargetRef.Name)
	if d.Spec.Replicas != nil || !strings.HasSuffix(d.Name, "-workers") {
		t.Errorf("ScaledObject targets %s (replicas %v)", d.Name, d.Spec.Replicas)
	}
	if len(so.Spec.Triggers) != 1 {
		t.Fatalf("triggers %+v", so.Spec.Triggers)
	}
	tr := so.Spec.Triggers[0]
	q := tr.Metadata["query"]
	if tr.Type != "postgresql" || !strings.Contains(q, "FROM transcode_jobs") || !strings.Contains(q, "state = 'queued'") || tr.Metadata["targetQueryValue"] != "2" {
		t.Errorf("trigger %+v", tr)
	}
	ta := get[*TriggerAuthentication](t, r, "TriggerAuthentication", tr.AuthenticationRef.Name)
	if len(ta.Spec.SecretTargetRef) != 1 || ta.Spec.SecretTargetRef[0].Parameter != "connection" || ta.Spec.SecretTargetRef[0].Key != "database-url" {
		t.Errorf("trigger authentication %+v", ta.Spec)
	}
}

// checkIngress: with split roles /play/ and PlaybackService go to playback,
// TranscodeService to transcode and the rest to api; every backend exists.
func checkIngress(t *testing.T, r rendered, split bool) {
	t.Helper()
	ing := get[*networkingv1.Ingress](t, r, "Ingress", "sg-streamgate")
	if len(ing.Spec.Rules) != 1 || ing.Spec.Rules[0].Host != "video.example.com" {
		t.Fatalf("rules %+v", ing.Spec.Rules)
	}
	routes := map[string]string{}
	for _, p := range ing.Spec.Rules[0].HTTP.Paths {
		if p.PathType == nil || *p.PathType != networkingv1.PathTypePrefix {
			t.Errorf("path %s is not a Prefix", p.Path)
		}
		svc := p.Backend.Service
		if _, ok := r["Service"][svc.Name]; !ok || svc.Port.Number != 80 {
			t.Errorf("path %s goes to %s:%d, which is not rendered", p.Path, svc.Name, svc.Port.Number)
		}
		routes[p.Path] = strings.TrimPrefix(svc.Name, "sg-streamgate-")
	}
	want := map[string]string{"/": "all"}
	if split {
		want = map[string]string{"/play/": "playback", "/streamgate.playback.v1.PlaybackService/": "playback",
			"/streamgate.transcode.v1.TranscodeService/": "transcode", "/": "api"}
	}
	if !maps.Equal(routes, want) {
		t.Errorf("routes %v, want %v", routes, want)
	}
}

func checkMigration(t *testing.T, r rendered, secret string) {
	t.Helper()
	j := get[*batchv1.Job](t, r, "Job", "sg-streamgate-migrate")
	if j.Annotations["helm.sh/hook"] != "pre-install,pre-upgrade" {
		t.Errorf("migration hook %q", j.Annotations["helm.sh/hook"])
	}
	spec := j.Spec.Template.Spec
	if spec.RestartPolicy != corev1.RestartPolicyNever || !slices.Equal(spec.Containers[0].Args, []string{"migrate"}) {
		t.Errorf("migration pod %v %v", spec.RestartPolicy, spec.Containers[0].Args)
	}
	// On a first install the release's Secret does not exist yet when
	// hooks run: the Job reads a hook Secret of its own, or yours.
	ref := envFrom(spec.Containers[0].Env, "STREAMGATE_DATABASE_URL")
	if secret == "sg-streamgate" {
		s := get[*corev1.Secret](t, r, "Secret", "sg-streamgate-migrate")
		sw, _ := strconv.Atoi(s.Annotations["helm.sh/hook-weight"])
		jw, _ := strconv.Atoi(j.Annotations["helm.sh/hook-weight"])
		if ref != s.Name || s.Annotations["helm.sh/hook"] != j.Annotations["helm.sh/hook"] || sw >= jw {
			t.Errorf("migration reads %q; hook Secret annotations %v", ref, s.Annotations)
		}
	} else if ref != secret {
		t.Errorf("migration reads %q, want %s", ref, secret)
	}
}

// TestChartNeedsItsSettings: the chart's defaults alone do not render; each
// missing setting is named until none is left.
func TestChartNeedsItsSettings(t *testing.T) {
	t.Parallel()
	var sets []string
	for _, step := range []struct{ add, want string }{
		{"", "is required"},
		{"secrets.databaseURL=postgres://db/sg,secrets.s3AccessKey=a,secrets.s3SecretKey=b", "publicURL is required"},
		{"publicURL=https://video.example.com", "redis.addr is required"},
		{"redis.addr=redis:6379", "s3.endpoint is required"},
		{"s3.endpoint=s3:9000", ""},
	} {
		if step.add != "" {
			sets = append(sets, step.add)
		}
		_, err := render(t, chartDir, nil, sets...)
		if step.want == "" && err != nil {
			t.Errorf("with %v: %v", sets, err)
		}
		if step.want != "" && (err == nil || !strings.Contains(err.Error(), step.want)) {
			t.Errorf("with %v: %v, want an error saying %q", sets, err, step.want)
		}
	}
}

// TestValuesSchemaRejectsTypos: a misspelt value fails instead of being
// ignored (values.schema.json).
func TestValuesSchemaRejectsTypos(t *testing.T) {
	t.Parallel()
	for _, set := range []string{"roles.splt=true", "workers.autoscaling.keda.enabeld=true", "roles.api.replicas=two"} {
		_, err := render(t, chartDir, []string{"minimal.yaml"}, set)
		if err == nil || !strings.Contains(err.Error(), "values don't meet the specifications of the schema") {
			t.Errorf("--set %s: %v", set, err)
		}
	}
}

// TestStrictDecodeCatchesTemplateTypos renders a copy of the chart with a
// misspelt field in a template: the check must fail and name it.
func TestStrictDecodeCatchesTemplateTypos(t *testing.T) {
	t.Parallel()
	for _, typo := range []struct{ file, from, to, want string }{
		{"deployment-server.yaml", "readinessProbe:", "readinesProbe:", `unknown field "spec.template.spec.containers[0].readinesProbe"`},
		{"ingress.yaml", "pathType: Prefix", "pathtype: Prefix", `unknown field "spec.rules[0].http.paths[0].pathtype"`},
		{"scaledobject.yaml", "cooldownPeriod:", "cooldownPeriods:", `unknown field "spec.cooldownPeriods"`},
	} {
		dir := filepath.Join(t.TempDir(), "streamgate")
		copyDir(t, chartDir, dir)
		path := filepath.Join(dir, "templates", typo.file)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), typo.from) {
			t.Fatalf("%s has no %q", typo.file, typo.from)
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(b), typo.from, typo.to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err = render(t, dir, []string{"split-autoscaled.yaml"})
		if err == nil || !strings.Contains(err.Error(), typo.want) || !strings.Contains(err.Error(), typo.file) {
			t.Errorf("%s with %q: %v", typo.file, typo.to, err)
		}
	}
}

func TestHelmLint(t *testing.T) {
	t.Parallel()
	for _, c := range cases {
		args := []string{"lint", "--strict", abs(t, chartDir)}
		for _, v := range c.values {
			args = append(args, "-f", abs(t, filepath.Join(valuesDir, v)))
		}
		if out, err := helm(t, args...); err != nil {
			t.Errorf("%s: %v\n%s", c.name, err, out)
		}
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func envMap(env []corev1.EnvVar) map[string]string {
	m := map[string]string{}
	for _, e := range env {
		m[e.Name] = e.Value
	}
	return m
}

// envFrom is the Secret a variable is read from.
func envFrom(env []corev1.EnvVar, name string) string {
	for _, e := range env {
		if e.Name == name && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			return e.ValueFrom.SecretKeyRef.Name
		}
	}
	return ""
}

func mountsAt(d *appsv1.Deployment, path string) bool {
	for _, m := range d.Spec.Template.Spec.Containers[0].VolumeMounts {
		if m.MountPath == path && !m.ReadOnly {
			return true
		}
	}
	return false
}
