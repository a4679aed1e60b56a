package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newRunCommand is a placeholder until its issue lands.
func newRunCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "run",
		Short:  "not built yet",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("run is not built yet")
		},
	}
}
