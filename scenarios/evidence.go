package scenarios

import _ "embed"

// matrixEvidence is the mutation matrix as last produced in full
// (MCPCHAOS_TEST_FULL=1 MCPCHAOS_MUTATIONS_OUT=scenarios/testdata/mutations.json
// go test -run TestMutationMatrix ./scenarios), with its date and commit:
// the evidence the README and every demo report show.
//
//go:embed testdata/mutations.json
var matrixEvidence []byte

// MatrixEvidence returns the mutation matrix as last produced in full, in
// the report's mutations.json shape.
func MatrixEvidence() []byte { return append([]byte(nil), matrixEvidence...) }
