/**
 * k6/x/faults — inject real faults from mcpchaos scenario scripts, and
 * always revert them.
 *
 * Targets are the names of mcpchaos.yaml's faults.targets (the embedded
 * stack writes mcp-server, log-shipper, downstream, mcp-server-metrics
 * (the proxy Prometheus scrapes the server through) and mcp-server-tls);
 * nothing else can be touched.
 *
 * Inject calls are synchronous: they block the VU until the fault is
 * confirmed in effect (a toxic listed, a process seen stopped, a new
 * certificate served), as http.get blocks until its answer; that takes
 * milliseconds to seconds (up to 45s for an OOM kill). Keep load running
 * in another scenario, or await wait() in this one. Faults cannot be
 * injected in init code.
 *
 * A fault with a duration reverts itself at its end; kill and oomKill end
 * once the target is back and ready. However the test ends (its end,
 * Ctrl-C, exec.test.abort(), an exception), every fault still in effect
 * is reverted before the summary. A fault that could not be reverted makes
 * the run exit 121, even when the script caught the FaultError.
 *
 * Every step (inject, effective, revert, reverted, not_reverted, sweep)
 * is a JSON line of the run's event log: mcpchaos run --faults-events FILE,
 * default mcpchaos-events.jsonl in the working directory, written only by
 * runs that inject. The first injection of a run first reverts what
 * earlier runs left (each such item is logged as a warning).
 */
declare module 'k6/x/faults' {
  /** A duration: a string such as "5s" or "250ms", or milliseconds. */
  export type Duration = string | number;

  /** Delays the target's answers (toxiproxy targets). */
  export interface LatencySpec {
    target: string;
    /** The delay added to each answer, e.g. "500ms". */
    latency: Duration;
    /** Random extra delay, up to this much. */
    jitter?: Duration;
    /** Fraction of connections affected, from 0 to 1; default 1. */
    toxicity?: number;
    /** How long the fault lasts. */
    duration: Duration;
  }

  /** Makes the target fail (toxiproxy targets; http needs the target's behaviour_url). */
  export interface ErrorsSpec {
    target: string;
    /** reset: connections reset by peer; timeout: connections hang; http: HTTP error answers. */
    mode: 'reset' | 'timeout' | 'http';
    /** HTTP status of mode http, 400 to 599; default 500. */
    status?: number;
    /** Fraction of connections (reset, timeout) or requests (http) that fail; default 1. */
    rate?: number;
    duration: Duration;
  }

  /** Limits the target's answers to kbps kilobytes per second (toxiproxy targets). */
  export interface BandwidthSpec {
    target: string;
    kbps: number;
    duration: Duration;
  }

  /** OOM-kills the target (exit 137) by shrinking its memory limit (process targets with a cgroup); ends once it is back and ready. */
  export interface OOMKillSpec {
    target: string;
    /** Keep it crash-looping this long: each restart is OOM-killed again (a leak that survives restarts); default one kill. */
    duration?: Duration;
  }

  /** Serves a bad certificate for duration (tls targets). */
  export interface TLSExpirySpec {
    target: string;
    /** What is wrong with it; default expired. */
    mode?: 'expired' | 'expiring' | 'wrong-host' | 'untrusted';
    /** How long an "expiring" certificate stays valid; default 24h. */
    expiresIn?: Duration;
    duration: Duration;
  }

  /** Holds the target stopped for duration, then starts it (process targets). */
  export interface StopSpec {
    target: string;
    duration: Duration;
  }

  /** Crashes the target with a signal (process targets); ends once it has been restarted and is ready. */
  export interface KillSpec {
    target: string;
    /** KILL (default), TERM, INT, HUP or QUIT, with or without SIG. */
    signal?: string;
  }

  export type Kind = 'latency' | 'errors' | 'bandwidth' | 'oom_kill' | 'tls_expiry' | 'stop' | 'kill';

  /** One injected fault. Times are milliseconds since the epoch, as Date.now(). */
  export interface Fault {
    /** The fault's lease id, as in the event log and mcpchaos faults list. */
    readonly id: string;
    readonly kind: Kind;
    readonly target: string;
    /** When applying began (time-to-detect counts from here). */
    readonly injectedAt: number;
    /** When the fault was confirmed in effect. */
    readonly effectiveAt: number;
    /** When its revert was confirmed; null before. */
    readonly revertedAt: number | null;
    /** Reverts now and blocks until the revert is confirmed; later calls do nothing. Throws a FaultError of type not_reverted. */
    revert(): void;
    /** Resolves once the fault has ended by itself (or by revert()) and its revert is confirmed; rejects with a FaultError of type not_reverted. */
    wait(): Promise<void>;
  }

  /**
   * What inject calls, revert() and wait() throw: an Error named
   * FaultError. Its message names the option at fault for type spec.
   */
  export interface FaultError extends Error {
    name: 'FaultError';
    /**
     * spec: bad options (nothing injected); unknown_target: not in faults.targets;
     * refused: the target's driver cannot do this, or a non-loopback address;
     * no_keeper: no supervisor nor watchdog to own the lease; not_effective: not
     * confirmed in effect in time (reverted); not_reverted: the target may still
     * be broken (the run exits 121); error: anything else.
     */
    type: 'spec' | 'unknown_target' | 'refused' | 'no_keeper' | 'not_effective' | 'not_reverted' | 'error';
    /** Set for not_reverted. */
    id?: string;
    kind?: string;
    target?: string;
  }

  export function latency(spec: LatencySpec): Fault;
  export function errors(spec: ErrorsSpec): Fault;
  export function bandwidth(spec: BandwidthSpec): Fault;
  export function oomKill(spec: OOMKillSpec): Fault;
  export function tlsExpiry(spec: TLSExpirySpec): Fault;
  export function stop(spec: StopSpec): Fault;
  export function kill(spec: KillSpec): Fault;

  const faults: {
    latency: typeof latency;
    errors: typeof errors;
    bandwidth: typeof bandwidth;
    oomKill: typeof oomKill;
    tlsExpiry: typeof tlsExpiry;
    stop: typeof stop;
    kill: typeof kill;
  };
  export default faults;
}
