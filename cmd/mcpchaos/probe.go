package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newProbeCommand is a placeholder until its issue lands.
func newProbeCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "probe",
		Short:  "not built yet",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("probe is not built yet")
		},
	}
}
