package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newFixtureCommand is a placeholder until its issue lands.
func newFixtureCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "fixture",
		Short:  "not built yet",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("fixture is not built yet")
		},
	}
}
