package stack

// stackRules are the stack's own alerts. MCPChaosWatchdog always fires: it
// proves the alerting path (Prometheus → Alertmanager → webhook sink)
// delivers, the way a dead man's switch does. The MCP server's alerts come
// from Options.Rules (the reference rules in fixtures/).
const stackRules = `# Rendered by mcpchaos stack up; edits are overwritten.
groups:
  - name: mcpchaos-stack
    rules:
      - alert: MCPChaosWatchdog
        expr: vector(1)
        labels:
          severity: none
        annotations:
          summary: Always firing; proves that alerts reach the webhook sink.
      - alert: MCPChaosComponentDown
        expr: mcpchaos_component_up == 0
        for: {{if .Fast}}5s{{else}}1m{{end}}
        labels:
          severity: warning
        annotations:
          summary: 'Stack component {{"{{"}} $labels.component {{"}}"}} is not running.'
`
