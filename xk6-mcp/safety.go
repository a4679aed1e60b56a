package mcp

import (
	"fmt"
	"net/url"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/internal/loopback"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// checkTarget refuses an MCP server outside this machine unless the run
// allows remote targets (--allow-remote or mcp.allow_remote: true): a
// load test pointed at the wrong URL must not reach production. The
// error is a configuration error (exit 104 when raised in init code).
func checkTarget(o session.Options, cfg *config.Config) error {
	if o.Transport == session.Stdio || o.URL == "" || (cfg != nil && cfg.MCP.AllowRemote) {
		return nil
	}
	u, err := url.Parse(o.URL)
	if err != nil || loopback.Host(u.Hostname()) {
		return nil // an unparsable URL is the session options' error to report
	}
	return &modules.ConfigError{Err: fmt.Errorf("mcp: the MCP server %s (host %q) is not on this machine: pass --allow-remote to mcpchaos run (or set mcp.allow_remote: true in mcpchaos.yaml) to load-test a remote server", o.URL, u.Hostname())}
}

// pace waits for the run's request budget (--max-rps) before a request.
func (l *link) pace() error {
	return l.inst.vu.InitEnv().RPS.Wait(l.ctx())
}
