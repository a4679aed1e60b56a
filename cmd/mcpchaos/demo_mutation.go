package main

import (
	"fmt"
	"io"

	"github.com/mcpchaos/mcpchaos/scenarios"
)

// mutation resolves --mutation: "list" prints the mutations (and the demo
// stops: nil mutation), a name returns it. A mutation breaks the
// reference server, so it cannot go with --server-cmd.
func mutation(w io.Writer, f demoFlags) (*scenarios.Mutation, error) {
	if f.mutation == "list" {
		for _, m := range scenarios.Mutations() {
			fmt.Fprintf(w, "%-24s %-18s caught by %s — %s\n", m.Name, m.Phase, m.Catches+"…", m.Breaks)
		}
		return nil, nil
	}
	if f.serverCmd != "" {
		return nil, fmt.Errorf("--mutation breaks the reference server; it cannot go with --server-cmd")
	}
	m, err := scenarios.LookupMutation(f.mutation)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "demo: mutation %s — %s; phase %s must fail with %s…)\n", m.Name, m.Breaks, m.Phase, m.Catches)
	return &m, nil
}
