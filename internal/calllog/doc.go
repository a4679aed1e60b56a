// Package calllog keeps the MCP calls a run made — trace id, session,
// method, tool, sampled flag, time, outcome — so that assertions can ask
// the pipeline about every one of them: "has every call's log line
// arrived?", "is every sampled call's trace there, and no unsampled
// one?". k6/x/mcp adds to it; k6/x/assertions reads it. It holds up to a
// bound and counts what it had to drop, so a completeness check knows
// when it judges a sample.
package calllog
