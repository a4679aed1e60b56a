package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newStackCommand is a placeholder until its issue lands.
func newStackCommand() *cobra.Command {
	return &cobra.Command{
		Use:    "stack",
		Short:  "not built yet",
		Hidden: true,
		RunE: func(*cobra.Command, []string) error {
			return errors.New("stack is not built yet")
		},
	}
}
