package calllog

import "testing"

func TestOnDemandKeepsNothingUntilWanted(t *testing.T) {
	t.Parallel()
	l := NewOnDemand(10)
	l.Add(Call{TraceID: "a"})
	if l.Len() != 0 {
		t.Fatalf("kept %d calls before Want", l.Len())
	}
	l.Want()
	l.Add(Call{TraceID: "b"})
	if l.Len() != 1 {
		t.Fatalf("kept %d calls after Want, want 1", l.Len())
	}
	var none *Log
	none.Want() // nil-safe
}
