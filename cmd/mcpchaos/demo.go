package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newDemoCommand is a placeholder until its issue lands.
func newDemoCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "demo",
		Short:  "not built yet",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("demo is not built yet")
		},
	}
}
