package cicheck

import (
	"fmt"
	"maps"
	"slices"

	"go.yaml.in/yaml/v3"
)

// step is one step of a job or a composite action.
type step struct {
	where string // for messages: `job test step 3 "Build"`
	name  string
	uses  string
	run   string
	cond  string // if:
	with  map[string]string
	line  int // of uses:, in the file
}

// job is a workflow job: steps, or a reusable workflow call (uses).
type job struct {
	name  string
	uses  string
	with  map[string]string
	line  int
	steps []step
}

// file is a parsed workflow or action.
type file struct {
	jobs []job
}

type yamlStep struct {
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses yaml.Node         `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

type yamlJob struct {
	Uses  yaml.Node         `yaml:"uses"`
	With  map[string]string `yaml:"with"`
	Steps []yamlStep        `yaml:"steps"`
}

type yamlFile struct {
	Jobs map[string]yamlJob `yaml:"jobs"`
	Runs *struct {
		Using string     `yaml:"using"`
		Steps []yamlStep `yaml:"steps"`
	} `yaml:"runs"`
}

// parse reads a workflow (jobs:) or a composite action (runs.steps); the
// action's steps are one job named "action".
func parse(name string, data []byte) (file, error) {
	var y yamlFile
	if err := yaml.Unmarshal(data, &y); err != nil {
		return file{}, fmt.Errorf("%s: %w", name, err)
	}
	var f file
	if y.Runs != nil {
		if y.Runs.Using != "composite" {
			return file{}, fmt.Errorf("%s: runs.using is %q; only composite actions are checked", name, y.Runs.Using)
		}
		f.jobs = append(f.jobs, job{name: "action", steps: steps("action", y.Runs.Steps)})
		return f, nil
	}
	if len(y.Jobs) == 0 {
		return file{}, fmt.Errorf("%s has neither jobs nor runs: is it a workflow or an action?", name)
	}
	for _, n := range slices.Sorted(maps.Keys(y.Jobs)) {
		j := y.Jobs[n]
		f.jobs = append(f.jobs, job{name: n, uses: j.Uses.Value, line: j.Uses.Line, with: j.With, steps: steps("job "+n, j.Steps)})
	}
	return f, nil
}

func steps(where string, ys []yamlStep) []step {
	out := make([]step, 0, len(ys))
	for i, s := range ys {
		w := fmt.Sprintf("%s step %d", where, i+1)
		if s.Name != "" {
			w += fmt.Sprintf(" %q", s.Name)
		}
		out = append(out, step{where: w, name: s.Name, cond: s.If, uses: s.Uses.Value, line: s.Uses.Line, run: s.Run, with: s.With})
	}
	return out
}
