package main

import (
	"fmt"
	"io"

	"github.com/mcpchaos/mcpchaos/scenarios"
)

// mutation resolves --mutation: "list" prints the mutations (and the demo
// stops: nil mutation), a name returns it. A defect of the reference
// server cannot go with --server-cmd; a mutation of the stack can.
func mutation(w io.Writer, f demoFlags) (*scenarios.Mutation, error) {
	if f.mutation == "list" {
		for _, m := range scenarios.Mutations() {
			where := "server"
			if m.Stack {
				where = "stack"
			}
			fmt.Fprintf(w, "%-26s %-6s %-18s caught by %s — %s\n", m.Name, where, m.Phase, m.Catches+"…", m.Breaks)
		}
		return nil, nil
	}
	m, err := scenarios.LookupMutation(f.mutation)
	if err != nil {
		return nil, err
	}
	if f.serverCmd != "" && !m.Stack {
		return nil, fmt.Errorf("--mutation %s breaks the reference server; it cannot go with --server-cmd (the stack's mutations can: mcpchaos demo --mutation list)", m.Name)
	}
	fmt.Fprintf(w, "demo: mutation %s — %s; phase %s must fail with %s…\n", m.Name, m.Breaks, m.Phase, m.Catches)
	return &m, nil
}
