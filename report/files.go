package report

// The files of a run directory (see the package doc).
const (
	SummaryFile    = "summary.json"
	EventsFile     = "events.jsonl"
	AssertionsFile = "assertions.jsonl"
	TimelineFile   = "timeline.json"
	MutationsFile  = "mutations.json"

	HTMLFile     = "report.html"
	JUnitFile    = "junit.xml"
	MarkdownFile = "summary.md"
	VerdictFile  = "verdict.json"
)
