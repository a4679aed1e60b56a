/**
 * k6/x/assertions — check, from the pipeline's own backends, that the
 * observability of the server under test works: the metrics, alerts,
 * logs and traces a fault must produce, each within its deadline.
 *
 * Backends are mcpchaos.yaml's `backends` (prometheus, alertmanager,
 * logs, traces, webhook); bearer tokens are read from the variable that
 * `bearer_token_env` names, in __ENV or the process environment.
 *
 * Every expectation polls with backoff until it holds or its `within`
 * deadline passes (default 30s), and gives a Result whose status is
 * 'pass', 'fail' or 'error'. 'error' means "could not evaluate": the
 * backend could not be reached, rejected the query, or the run ended
 * first. It is never a pass and never a plain fail.
 *
 * Each result is recorded three ways:
 * - a check on the built-in `checks` metric, tagged `kind:assertion`,
 *   `assertion:<name>` and `check:<subject>`, and counted in the
 *   end-of-test summary as check() counts: gate the run with
 *   `thresholds: { 'checks{kind:assertion}': ['rate==1'] }`;
 * - a `time_to_detect` trend sample (milliseconds) per stage of the
 *   result, tagged `stage:<name>` and `alert:<subject>`, when the
 *   expectation has a `since` to count from;
 * - a JSON line of the run's results file: mcpchaos run
 *   --assertions-results FILE, default mcpchaos-assertions.jsonl in the
 *   working directory, written only by runs that assert.
 *
 * The verdict: a 'fail' only fails its check (the thresholds decide).
 * Any 'error' in the run makes it exit 120 (could not evaluate), above
 * crossed thresholds (99), even when the script caught the exception.
 *
 * Calls that cannot ask anything — invalid options, a backend missing
 * from mcpchaos.yaml — throw an AssertionError naming the option, and
 * are recorded as 'error' too. Expectations cannot run in init code.
 *
 * Each expectation has two forms:
 * - `assertions.queryHolds(...)` blocks the VU until the verdict, as
 *   http.get blocks until its answer, and returns the Result;
 * - `assertions.background.queryHolds(...)` returns a Handle at once,
 *   so the scenario can go on (inject, load, other expectations) while
 *   it polls: `await handle.wait()` gives the Result. The iteration
 *   waits for a background expectation as for any pending promise; one
 *   still running when its scenario or the run ends is awaited (up to
 *   30s) and then stopped as 'error' — never dropped.
 */
declare module 'k6/x/assertions' {
  /** A duration: a string such as "5s" or "250ms", or milliseconds. */
  export type Duration = string | number;

  /**
   * A time: milliseconds since the epoch (Date.now(), a fault's
   * injectedAt), a Date, an RFC 3339 string, or a fault handle of
   * k6/x/faults — its injectedAt, and the result then refers to its id.
   */
  export type Time = number | Date | string | FaultRef;

  /** A fault handle of k6/x/faults, or anything with its id and injectedAt. */
  export interface FaultRef {
    readonly id: string;
    readonly injectedAt: number;
  }

  /** Options every expectation takes besides its own. */
  export interface CommonOptions {
    /** The fault the result refers to (its id, or its handle); default: that of a handle given as a time. */
    faultId?: string | FaultRef;
  }

  export type Status = 'pass' | 'fail' | 'error';

  /** One step of time-to-detect, by the clock of the backend that records it. */
  export interface Stage {
    /** e.g. held; for alerts pending, firing, alertmanager, webhook. */
    name: string;
    /** When it was reached, ms since the epoch. */
    at: number;
    /** How long after the result's since, in ms (0 without since). */
    afterMs: number;
    /** When the harness saw it, ms since the epoch. */
    observedAt: number;
  }

  /** What one expectation found. Times are ms since the epoch, null when unset. */
  export interface Result {
    /** The expectation's name, e.g. queryHolds. */
    name: string;
    /** What was expected, e.g. "queryHolds(up == 1 for 10s)"; the check's name. */
    subject: string;
    status: Status;
    /** status === 'pass'. */
    passed: boolean;
    /** Why, in a sentence naming the broken property (and the last value seen). */
    why: string;
    /** The backend asked, e.g. prometheus. */
    backend: string;
    /** The last query run, in the backend's own language. */
    query: string;
    /** The last value observed: a number, a count, a state, a map of series to values. */
    last: unknown;
    /** When time-to-detect counts from. */
    since: number | null;
    /** When the expectation was first seen to hold. */
    heldAt: number | null;
    stages: Stage[];
    /** The expectation's own report (logs: sent, found, missing, ...). */
    details: unknown;
    /** The fault the result refers to. */
    faultId: string | null;
    startedAt: number | null;
    endedAt: number | null;
    /** How many queries were run. */
    polls: number;
    /** The backend error behind an 'error', if any. */
    error: string | null;
  }

  /** A background expectation. */
  export interface Handle {
    readonly kind: string;
    readonly subject: string;
    /** When it started, ms since the epoch. */
    readonly startedAt: number;
    readonly faultId: string | null;
    /** Whether it has a result. */
    readonly done: boolean;
    /** The result, or null while it is still polling; does not block. */
    result(): Result | null;
    /** Resolves with the result, whatever its status (never rejects). */
    wait(): Promise<Result>;
  }

  /**
   * What expectations throw when they cannot ask anything: an Error named
   * AssertionError. options: invalid options (the message names each);
   * config: mcpchaos.yaml's backends are missing or wrong; init: called
   * in init code; backend: queryValue's backend failed; error: anything else.
   */
  export interface AssertionError extends Error {
    name: 'AssertionError';
    type: 'options' | 'config' | 'init' | 'backend' | 'error';
  }

  // ---- Metrics (Prometheus) ----

  export interface QueryHoldsOptions extends CommonOptions {
    /** Deadline for the query to hold; default 30s. */
    within?: Duration;
    /** Once it holds, how long it must go on holding without a gap (checked with a range query). */
    for?: Duration;
    /** When time-to-detect counts from (its held stage). */
    since?: Time;
  }

  /**
   * Expects a PromQL expression to hold — return at least one series (a
   * filtering comparison such as `rate(errors[1m]) > 0.05`) or a non-zero
   * scalar — within `within`, then for `for`. A 'fail' names the last value.
   */
  export function queryHolds(query: string, options?: QueryHoldsOptions): Result;

  /**
   * The expression's one value now, or null when it returns no series.
   * More than one series, a rejected query or an unreachable Prometheus
   * throw (type options or backend) and make the run exit 120.
   */
  export function queryValue(query: string): number | null;

  // ---- The script's own judgements ----

  export interface VerifyOptions extends CommonOptions {
    /** Why it failed, in words ("took 120ms, want at least 1.4s"). */
    why?: string;
    /** What was observed, for the report. */
    value?: unknown;
    since?: Time;
  }

  /**
   * Records a judgement the script makes itself as an assertion (a
   * kind:assertion check and a results-file line, shown in the report
   * with its why), e.g. verify('the call slowed by the delay', r.durationMs >= 1400, { why: `took ${r.durationMs}ms`, faultId: fault }).
   * Returns ok.
   */
  export function verify(name: string, ok: boolean, options?: VerifyOptions): boolean;

  // ---- The run's own calls ----

  export interface CallFilter {
    /** Calls started at or after since, and not after until. */
    since?: Time;
    until?: Time;
    /** Protocol method, e.g. tools/call (default: any; tools/call when tool is set). */
    method?: string;
    tool?: string;
    scenario?: string;
    /** Only calls whose traceparent had (or lacked) the sampled flag. */
    sampled?: boolean;
    /** Only calls that got a result without isError. */
    ok?: boolean;
  }

  /**
   * The trace ids of the MCP calls k6/x/mcp made in this run (every VU's),
   * in order: feed them to logsComplete or tracesSampled. Throws when the
   * run made more calls than the call log keeps (1,000,000).
   */
  export function calls(filter?: CallFilter): string[];

  // ---- Alerts (Prometheus, Alertmanager, the webhook sink) ----

  /** Alert stages, in order: Prometheus pending (activeAt) and firing, Alertmanager (startsAt), the webhook sink's receipt. */
  export type AlertStage = 'pending' | 'firing' | 'alertmanager' | 'webhook';

  export interface AlertFiresOptions extends CommonOptions {
    /** Labels the alert must carry (besides alertname). */
    labels?: Record<string, string>;
    /** When time-to-detect counts from: usually the fault handle. An alert already active then does not count. */
    since?: Time;
    /** Deadline; default 30s. */
    within?: Duration;
    /** The stage it must reach; default the furthest configured (webhook, else alertmanager, else firing). */
    stage?: AlertStage;
  }

  /**
   * Expects the alert to go off after `since` and reach `stage` within
   * `within`. Its result's stages give time-to-detect per stage, each by
   * the clock of the system that records it. An alert rule neither
   * Prometheus nor backends.ruler has (vmalert, whose alert states reach
   * Prometheus by remote write) fails at once, naming the rules they have.
   */
  export function alertFires(name: string, options?: AlertFiresOptions): Result;

  export interface AlertResolvesOptions extends CommonOptions {
    labels?: Record<string, string>;
    /** When the cause ended: a fault handle (its revertedAt once reverted), or a time. */
    after?: Time;
    /** Deadline, on top of the rule's keep_firing_for; default 30s. */
    within?: Duration;
  }

  /** Expects the alert, which went off, to stop (in Prometheus, Alertmanager and, with resolved notifications, the webhook sink). */
  export function alertResolves(name: string, options?: AlertResolvesOptions): Result;

  export interface AlertDeliveredOptions extends CommonOptions {
    labels?: Record<string, string>;
    /** The Alertmanager receiver it must be delivered to. */
    receiver?: string;
    since?: Time;
    within?: Duration;
  }

  /** Expects a firing notification of the alert at the webhook sink (backends.webhook). */
  export function alertDelivered(name: string, options?: AlertDeliveredOptions): Result;

  export interface NoAlertsFireOptions extends CommonOptions {
    /** The window: from since to until (default: now). An until in the future is waited for. */
    since?: Time;
    until?: Time;
    /** Alerts allowed to fire; MCPChaosWatchdog and Watchdog always are. */
    except?: string[];
    /** Only alerts with these labels count. */
    labels?: Record<string, string>;
    /** Retries of a backend that does not answer; default 10s. */
    within?: Duration;
  }

  /** Expects no alert to fire in the window (read from Prometheus's ALERTS history, so a flap between polls is seen). A fail names each alert. */
  export function noAlertsFire(options?: NoAlertsFireOptions): Result;

  // ---- The synthetic probe (its metrics in Prometheus) ----

  export interface ProbeFailsOptions extends CommonOptions {
    /** The probed MCP URL (instance label); default any. */
    target?: string;
    /** The scrape job; default mcp-probe. */
    job?: string;
    phase?: 'dns' | 'connect' | 'tls' | 'initialize' | 'list_tools' | 'call_tool';
    /** e.g. refused, timeout, tls_expired, tls_untrusted, http_status, jsonrpc_error, tool_error. */
    reason?: string;
    since?: Time;
    within?: Duration;
  }

  /** Expects the probe to fail (probe_success 0, or probe_mcp_failed_phase naming phase and reason). */
  export function probeFails(options?: ProbeFailsOptions): Result;

  export interface ProbeRecoversOptions extends CommonOptions {
    target?: string;
    job?: string;
    /** When the cause ended: a fault handle (its revertedAt) or a time. */
    after?: Time;
    within?: Duration;
  }

  /** Expects the probe to succeed again after `after`, and still. */
  export function probeRecovers(options?: ProbeRecoversOptions): Result;

  // ---- Traces (Jaeger, Tempo) ----

  /** An attribute condition: a plain value (equality) or an operator and value. */
  export type AttrMatch =
    | string | number | boolean
    | { op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | '=~' | '!~'; value: string | number | boolean }
    | { op: 'exists' | 'absent' };

  /** Another selector of the list (its id, its name, or its index), or a selector of its own. */
  export type SpanRef = string | number | SpanSelector;

  /**
   * Picks spans of a trace, like a tracetest selector: every field set
   * must hold; it holds when the number of matching spans is within its
   * count (at least one unless count, minCount or maxCount say otherwise;
   * count: 0 means "no span like this"). Unknown keys are an error.
   */
  export interface SpanSelector {
    /** Names the selector for parent/ancestor references. */
    id?: string;
    name?: string;
    /** A regular expression (RE2) the whole span name must match. */
    nameMatches?: string;
    kind?: 'server' | 'client' | 'internal' | 'producer' | 'consumer' | 'unspecified';
    /** The resource's service.name. */
    service?: string;
    /** An MCP method: mcp.method.name, or a span name starting with it ("tools/call search"). */
    method?: string;
    /** An MCP tool: gen_ai.tool.name (or mcp.tool.name, tool_name), or a span name ending in " <tool>". */
    tool?: string;
    /** Conditions by key: a bare key looks in the span's attributes, then its resource's; "span.k" and "resource.k" pick one. */
    attributes?: Record<string, AttrMatch>;
    minDuration?: Duration;
    maxDuration?: Duration;
    status?: 'unset' | 'ok' | 'error';
    /** Part of the status description. */
    statusMessage?: string;
    /** The span's parent matches this. */
    parent?: SpanRef;
    /** Some span above it matches this. */
    ancestor?: SpanRef;
    count?: number;
    minCount?: number;
    maxCount?: number;
  }

  export interface TraceExistsOptions extends CommonOptions {
    within?: Duration;
  }

  /** Expects the trace to be found by its id. */
  export function traceExists(traceId: string, options?: TraceExistsOptions): Result;

  export interface TraceMatchesOptions extends CommonOptions {
    spans: SpanSelector[];
    within?: Duration;
    /** With capped counts, how long a passing trace is watched for late spans; default 2s. */
    settle?: Duration;
  }

  /**
   * Expects the trace to hold every selector (polled until all do: the
   * trace is complete when the spans the expectation names are there). A
   * 'fail' names the first selector not met and the closest spans.
   */
  export function traceMatches(traceId: string, options: TraceMatchesOptions): Result;

  export interface TracesSampledOptions extends CommonOptions {
    traceIds: string[];
    /** The fraction expected to be found, 0 to 1. */
    ratio: number;
    /** Allowed distance from ratio; 0 means 3 sigma of the binomial fraction. */
    tolerance?: number;
    within?: Duration;
  }

  /** Expects the fraction of traceIds found to be ratio ± tolerance (ParentBased sampling: unsampled calls leave no trace). */
  export function tracesSampled(options: TracesSampledOptions): Result;

  // ---- Logs (VictoriaLogs, Loki) ----

  /**
   * Which lines: compiled to LogsQL or LogQL (values are quoted literals:
   * they cannot widen the query), or a raw query in the backend's own
   * language (query), used as is.
   */
  export interface LogSelector {
    /** The service: field `service` in VictoriaLogs, stream label `service_name` in Loki. */
    service?: string;
    serviceField?: string;
    /** debug, info, warn, error (case-insensitive). */
    level?: string;
    levelField?: string;
    /** Fields equal to these values. */
    fields?: Record<string, string>;
    /** Fields containing these substrings. */
    contains?: Record<string, string>;
    /** Fields matching these regular expressions (anywhere in the value). */
    regex?: Record<string, string>;
    /** The message contains this. */
    message?: string;
    /** A raw LogsQL/LogQL filter (no stats or metric query: the count is ours). */
    query?: string;
  }

  /** The window: since (default 1h before the call) to until (default now). */
  export interface LogWindow extends CommonOptions {
    selector?: LogSelector;
    since?: Time;
    until?: Time;
    within?: Duration;
  }

  export interface LogsMatchOptions extends LogWindow {
    /** At least this many lines; default 1. */
    min?: number;
  }

  /** Expects at least min matching lines (counted by the backend); a 'fail' shows the last count. */
  export function logsMatch(options: LogsMatchOptions): Result;

  export interface LogsAbsentOptions extends LogWindow {
    since: Time;
    /** The selector must match a line in controlWindow (default 1m) before since: absence of something that never appears proves nothing. */
    control?: boolean;
    controlWindow?: Duration;
  }

  /** Expects no matching line in the window, after waiting within for late lines (and for until, if in the future). */
  export function logsAbsent(options: LogsAbsentOptions): Result;

  export interface LogsCompleteOptions extends LogWindow {
    /** The values the lines must carry, one line each at least: trace ids from calls(). */
    ids: string[];
    /** The field carrying them; default trace_id. */
    field?: string;
    /** More than one line for an id fails (exactly once). */
    exact?: boolean;
  }

  /**
   * Expects every id to have its line. details: { sent, found, missing
   * (the exact ids), duplicated, ingestLag (p50/p95/p99/max, where
   * measurable), ingestLagNote }.
   */
  export function logsComplete(options: LogsCompleteOptions): Result;

  export interface LogsNeverContainOptions extends LogWindow {
    /** The secrets; messages show them masked. */
    values: string[];
    /** An empty window passes (by default it fails: nothing was checked). */
    allowEmpty?: boolean;
  }

  /** Expects no line in the window to contain any of values (redaction), after waiting within. */
  export function logsNeverContain(options: LogsNeverContainOptions): Result;

  export interface LogsHaveFieldsOptions extends LogWindow {
    fields: string[];
  }

  /** Expects every matching line to carry every field; a 'fail' names the field and how many lines lack it. */
  export function logsHaveFields(options: LogsHaveFieldsOptions): Result;

  /** The background forms: the same arguments, a Handle at once. */
  export interface Background {
    queryHolds(query: string, options?: QueryHoldsOptions): Handle;
    alertFires(name: string, options?: AlertFiresOptions): Handle;
    alertResolves(name: string, options?: AlertResolvesOptions): Handle;
    alertDelivered(name: string, options?: AlertDeliveredOptions): Handle;
    noAlertsFire(options?: NoAlertsFireOptions): Handle;
    probeFails(options?: ProbeFailsOptions): Handle;
    probeRecovers(options?: ProbeRecoversOptions): Handle;
    logsMatch(options: LogsMatchOptions): Handle;
    logsAbsent(options: LogsAbsentOptions): Handle;
    logsComplete(options: LogsCompleteOptions): Handle;
    logsNeverContain(options: LogsNeverContainOptions): Handle;
    logsHaveFields(options: LogsHaveFieldsOptions): Handle;
    traceExists(traceId: string, options?: TraceExistsOptions): Handle;
    traceMatches(traceId: string, options: TraceMatchesOptions): Handle;
    tracesSampled(options: TracesSampledOptions): Handle;
  }
  export const background: Background;

  const assertions: {
    queryHolds: typeof queryHolds;
    queryValue: typeof queryValue;
    verify: typeof verify;
    calls: typeof calls;
    alertFires: typeof alertFires;
    alertResolves: typeof alertResolves;
    alertDelivered: typeof alertDelivered;
    noAlertsFire: typeof noAlertsFire;
    probeFails: typeof probeFails;
    probeRecovers: typeof probeRecovers;
    logsMatch: typeof logsMatch;
    logsAbsent: typeof logsAbsent;
    logsComplete: typeof logsComplete;
    logsNeverContain: typeof logsNeverContain;
    logsHaveFields: typeof logsHaveFields;
    traceExists: typeof traceExists;
    traceMatches: typeof traceMatches;
    tracesSampled: typeof tracesSampled;
    background: Background;
  };
  export default assertions;
}
