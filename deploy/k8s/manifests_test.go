package k8s

import (
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/mcpchaos/mcpchaos/engine/executor"
)

// decode reads a manifest into a k8s.io/api type, refusing unknown
// fields (a misspelt key would otherwise be dropped silently).
func decode(t *testing.T, file string, into any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(b, into); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

type kustomization struct {
	APIVersion         string   `json:"apiVersion"`
	Kind               string   `json:"kind"`
	Namespace          string   `json:"namespace"`
	Resources          []string `json:"resources"`
	ConfigMapGenerator []struct {
		Name  string   `json:"name"`
		Files []string `json:"files"`
	} `json:"configMapGenerator"`
	GeneratorOptions struct {
		DisableNameSuffixHash bool `json:"disableNameSuffixHash"`
	} `json:"generatorOptions"`
}

// flagValue returns the value of --name=value in args.
func flagValue(args []string, name string) (string, bool) {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v, true
		}
	}
	return "", false
}

func TestManifests(t *testing.T) {
	t.Parallel()
	var k kustomization
	decode(t, "kustomization.yaml", &k)
	for _, r := range k.Resources {
		if _, err := os.Stat(r); err != nil {
			t.Errorf("kustomization lists %s: %v", r, err)
		}
	}
	if len(k.ConfigMapGenerator) != 1 || k.ConfigMapGenerator[0].Files[0] != "staging-load.js" || !k.GeneratorOptions.DisableNameSuffixHash {
		t.Fatalf("want one configMapGenerator of staging-load.js without a name hash (the Job names it), got %+v", k.ConfigMapGenerator)
	}
	var ns corev1.Namespace
	decode(t, "namespace.yaml", &ns)
	var pvc corev1.PersistentVolumeClaim
	decode(t, "pvc.yaml", &pvc)
	var load, merge batchv1.Job
	decode(t, "job-load.yaml", &load)
	decode(t, "job-merge.yaml", &merge)
	for _, obj := range []struct{ kind, ns string }{{pvc.Kind, pvc.Namespace}, {load.Kind, load.Namespace}, {merge.Kind, merge.Namespace}} {
		if obj.ns != ns.Name || obj.ns != k.Namespace {
			t.Errorf("%s in namespace %q, want %q", obj.kind, obj.ns, ns.Name)
		}
	}

	// The load Job: Indexed, one pod per segment, never retried.
	spec := load.Spec
	if spec.CompletionMode == nil || *spec.CompletionMode != batchv1.IndexedCompletion {
		t.Fatal("the load Job must be an Indexed Job: each completion index is a segment")
	}
	if spec.BackoffLimit == nil || *spec.BackoffLimit != 0 {
		t.Error("the load Job must not retry an instance mid-test: backoffLimit 0")
	}
	c := onlyContainer(t, load.Spec.Template.Spec)
	seq, ok := flagValue(c.Args, "execution-segment-sequence")
	if !ok {
		t.Fatalf("load args %v lack --execution-segment-sequence", c.Args)
	}
	rats, err := executor.ParseSequence(seq)
	if err != nil {
		t.Fatal(err)
	}
	if n := int32(len(rats) - 1); *spec.Completions != n || *spec.Parallelism != n {
		t.Errorf("%d segments in %s but completions %d and parallelism %d: all instances must run at once, one per segment", n, seq, *spec.Completions, *spec.Parallelism)
	}
	// The index reaches the flag through an env var fed by the
	// completion index annotation ($(VAR) expansion in args).
	idx, _ := flagValue(c.Args, "execution-segment-index")
	m := regexp.MustCompile(`^\$\((\w+)\)$`).FindStringSubmatch(idx)
	if m == nil {
		t.Fatalf("--execution-segment-index=%q: want $(VAR) of the completion index", idx)
	}
	if env := envVar(c, m[1]); env == nil || env.ValueFrom == nil || env.ValueFrom.FieldRef == nil ||
		env.ValueFrom.FieldRef.FieldPath != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
		t.Errorf("env %s must come from the job-completion-index annotation, got %+v", m[1], env)
	}
	part, _ := flagValue(c.Args, "summary-part")
	if !strings.Contains(part, "$("+m[1]+")") || !slices.Contains(c.Args, "--part-only") {
		t.Errorf("each instance writes its own part (--summary-part with the index, --part-only), got %v", c.Args)
	}
	if b, ok := flagValue(c.Args, "start-barrier"); !ok || !strings.HasPrefix(b, loadMount(t, load, c, "pvc:"+pvc.Name)+"/") {
		t.Errorf("the instances must start together: --start-barrier on the shared volume, got %v", c.Args)
	}
	checkSegments(t, rats)

	// The script comes from the generated ConfigMap; the parts go to the
	// claim the merge Job reads.
	script := c.Args[len(c.Args)-1]
	if mountOf(t, load.Spec.Template.Spec, c, "configMap:"+k.ConfigMapGenerator[0].Name) != filepath.Dir(script) {
		t.Errorf("the script %s is not in the ConfigMap's mount", script)
	}
	loadParts := mountOf(t, load.Spec.Template.Spec, c, "pvc:"+pvc.Name)
	if !strings.HasPrefix(part, loadParts+"/") {
		t.Errorf("parts %s are not written to the shared volume at %s", part, loadParts)
	}
	mc := onlyContainer(t, merge.Spec.Template.Spec)
	mergeParts := mountOf(t, merge.Spec.Template.Spec, mc, "pvc:"+pvc.Name)
	if !slices.Equal(mc.Args[:2], []string{"summary", "merge"}) || mc.Args[len(mc.Args)-1] != mergeParts {
		t.Errorf("the merge Job must run `summary merge ... %s`, got %v", mergeParts, mc.Args)
	}
	if _, ok := flagValue(mc.Args, "wait"); !ok {
		t.Error("the merge Job starts with the instances: it needs --wait")
	}
	if merge.Spec.BackoffLimit == nil || *merge.Spec.BackoffLimit != 0 {
		t.Error("the merge Job's exit code is the verdict: backoffLimit 0, no retry of a failed verdict")
	}
	for _, p := range []corev1.PodSpec{load.Spec.Template.Spec, merge.Spec.Template.Spec} {
		if sc := p.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
			t.Error("pods must run as non-root")
		}
	}
}

// checkSegments: the segments of the indices 0..N-1 cover 0:1 exactly,
// without overlap, and split the script's numbers (VUs, iterations of
// its arrival-rate schedule) so that they add up to the whole test.
func checkSegments(t *testing.T, seq []*big.Rat) {
	t.Helper()
	at := new(big.Rat)
	var tuples []*executor.Tuple
	for i := 0; i+1 < len(seq); i++ {
		seg := executor.Segment{From: seq[i], To: seq[i+1]}
		if seg.From.Cmp(at) != 0 {
			t.Fatalf("index %d starts at %s, the previous ended at %s", i, seg.From.RatString(), at.RatString())
		}
		at = seg.To
		tp, err := executor.NewTuple(seg, seq)
		if err != nil {
			t.Fatal(err)
		}
		tuples = append(tuples, tp)
	}
	if at.Cmp(big.NewRat(1, 1)) != 0 {
		t.Fatalf("the segments end at %s, not 1", at.RatString())
	}
	// staging-load.js at RATE=1000 for 10m: 600,000 iterations, 50 VUs.
	for _, whole := range []int64{600_000, 50, 100, 7} {
		var sum int64
		for _, tp := range tuples {
			sum += tp.Scale(whole)
		}
		if sum != whole {
			t.Errorf("the %d segments split %d into parts adding up to %d", len(tuples), whole, sum)
		}
	}
	for n := int64(0); n < 1000; n++ {
		owners := 0
		for _, tp := range tuples {
			if tp.Owns(n) {
				owners++
			}
		}
		if owners != 1 {
			t.Fatalf("iteration %d of the schedule has %d owners", n, owners)
		}
	}
}

func loadMount(t *testing.T, j batchv1.Job, c *corev1.Container, source string) string {
	t.Helper()
	return mountOf(t, j.Spec.Template.Spec, c, source)
}

func onlyContainer(t *testing.T, p corev1.PodSpec) *corev1.Container {
	t.Helper()
	if len(p.Containers) != 1 {
		t.Fatalf("want one container, got %d", len(p.Containers))
	}
	return &p.Containers[0]
}

func envVar(c *corev1.Container, name string) *corev1.EnvVar {
	for i := range c.Env {
		if c.Env[i].Name == name {
			return &c.Env[i]
		}
	}
	return nil
}

// mountOf returns where container c mounts the volume of source
// ("configMap:NAME" or "pvc:NAME").
func mountOf(t *testing.T, p corev1.PodSpec, c *corev1.Container, source string) string {
	t.Helper()
	for _, v := range p.Volumes {
		var src string
		switch {
		case v.ConfigMap != nil:
			src = "configMap:" + v.ConfigMap.Name
		case v.PersistentVolumeClaim != nil:
			src = "pvc:" + v.PersistentVolumeClaim.ClaimName
		}
		if src != source {
			continue
		}
		for _, m := range c.VolumeMounts {
			if m.Name == v.Name {
				return m.MountPath
			}
		}
	}
	t.Fatalf("container %s mounts no volume of %s", c.Name, source)
	return ""
}
