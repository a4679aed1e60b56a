/**
 * k6/x/mcp — MCP clients for mcpchaos scenario scripts.
 *
 * Scripts written for grafana/xk6-mcp run unchanged: the constructors,
 * methods, snake_case result names and the metrics mcp_request_duration,
 * mcp_request_count and mcp_request_errors (tagged `method`) are the same.
 * Every call also carries a fresh W3C traceparent (HTTP header and
 * params._meta) and its result reports traceId, spanId and sessionId.
 *
 * Metrics: mcp_request_duration (trend, ms), mcp_request_count,
 * mcp_request_errors (counters), mcp_sessions, mcp_reconnects (counters),
 * mcp_session_duration (trend, ms), data_sent / data_received (bytes).
 * Request samples are tagged method (CallTool, ListTools, ListAllTools,
 * ReadResource, GetPrompt, Ping, Initialize, ...), mcp_method (tools/call,
 * ...), status (ok | error), tool (tools/call) and error_type when status
 * is error: transport, timeout, http_<status>, jsonrpc_<code>, malformed,
 * session_lost, or tool_error for a result with isError: true (which, as
 * in grafana/xk6-mcp, is not counted in mcp_request_errors).
 */
declare module 'k6/x/mcp' {
  /** Protocol revisions a client can pin. */
  export type ProtocolVersion = '2025-03-26' | '2025-06-18' | '2025-11-25' | '2026-07-28' | 'auto';

  /** A duration: a string such as "5s" or "250ms", or milliseconds. */
  export type Duration = string | number;

  /** TLS settings: ca, cert and key take PEM text or a file path (relative to the script). */
  export interface TLSOptions {
    ca?: string;
    cert?: string;
    key?: string;
    serverName?: string;
    server_name?: string;
    insecureSkipVerify?: boolean;
    insecure_skip_verify?: boolean;
  }

  /** OpenTelemetry client spans exported over OTLP/HTTP. */
  export interface OTelOptions {
    /** e.g. http://127.0.0.1:4318 (gets /v1/traces) or a full traces URL. Default: OTEL_EXPORTER_OTLP_ENDPOINT. */
    endpoint?: string;
    headers?: Record<string, string>;
    /** service.name of the spans; default "mcpchaos". */
    serviceName?: string;
  }

  /** Options shared by every client. Unknown keys are an error. */
  export interface CommonOptions {
    /** Per-call timeout; default 30s or mcp.timeout of mcpchaos.yaml. */
    timeout?: Duration;
    /** Handshake timeout; default the timeout. */
    connectTimeout?: Duration;
    connect_timeout?: Duration;
    /** Pin a protocol version; default 2025-11-25 (accepting an older one the server offers); "auto" lets mcp-go negotiate. */
    protocolVersion?: ProtocolVersion;
    protocol_version?: ProtocolVersion;
    /** The sampled flag of every traceparent sent; default true. */
    sampled?: boolean;
    /**
     * Where requests carry their traceparent: "both" (default) the HTTP header and params._meta,
     * "header" only the header (spares the server decoding _meta; not for stdio), "meta" only _meta.
     */
    propagation?: "both" | "header" | "meta";
    /** Re-initialize a session the server forgot (HTTP 404) and retry once; default true. */
    reconnect?: boolean;
    /** Throw on failure (default) or return a result with `error`. */
    throw?: boolean;
    /** Open a session of its own instead of sharing the VU's session for these options. */
    newSession?: boolean;
    new_session?: boolean;
    /** Tags added to every sample of this client. */
    tags?: Record<string, string>;
    /** Record client spans (OTel MCP semantic conventions) and export them over OTLP. */
    otel?: boolean | OTelOptions;
  }

  export interface HTTPOptions extends CommonOptions {
    /** The endpoint (Streamable HTTP: e.g. http://host:3001/mcp; SSE: e.g. http://host:3001/sse). Default: mcp.url of mcpchaos.yaml. */
    base_url?: string;
    baseUrl?: string;
    url?: string;
    headers?: Record<string, string>;
    /** grafana/xk6-mcp's auth: { bearer_token }. */
    auth?: { bearer_token?: string; bearerToken?: string };
    bearerToken?: string;
    bearer_token?: string;
    token?: string;
    tls?: TLSOptions;
  }

  export interface StdioOptions extends CommonOptions {
    /** The server's executable. */
    path: string;
    args?: string[];
    /** Added to the environment. */
    env?: Record<string, string>;
    /** Working directory. */
    cwd?: string;
    /** Show the server's stderr. */
    debug?: boolean;
  }

  export interface ConnectOptions extends HTTPOptions {
    /** Default: mcp.transport of mcpchaos.yaml, else streamable-http. */
    transport?: 'streamable-http' | 'sse' | 'stdio';
    path?: string;
    args?: string[];
    env?: Record<string, string>;
    cwd?: string;
    debug?: boolean;
  }

  /** A call's second argument. */
  export interface CallOptions {
    timeout?: Duration;
    throw?: boolean;
    tags?: Record<string, string>;
  }

  /** Fields every params object may carry: extra params._meta entries. */
  export interface MetaParams {
    _meta?: Record<string, unknown>;
    meta?: Record<string, unknown>;
  }

  /** What went wrong, on exceptions and on results when throw is false. */
  export interface CallError {
    message: string;
    /** The error_type tag: transport, timeout, http_<status>, jsonrpc_<code>, malformed, session_lost, canceled, or client (a script mistake). */
    type: string;
    kind: 'transport' | 'timeout' | 'http_status' | 'jsonrpc' | 'malformed' | 'session_lost' | 'canceled' | 'client';
    /** HTTP status, when one was not 2xx. */
    status?: number;
    /** JSON-RPC error code. */
    code?: number;
  }

  /** An exception thrown by a call (an Error with the CallError fields and trace IDs). */
  export interface MCPError extends Error, CallError {
    traceId?: string;
    spanId?: string;
    sessionId?: string;
  }

  /**
   * What the harness adds to every result. Results also keep the server's
   * JSON under its wire names (nextCursor, isError, structuredContent,
   * mimeType, _meta) with snake_case aliases (next_cursor, is_error,
   * structured_content, mime_type, meta) that JSON.stringify does not show.
   */
  export interface CallInfo {
    traceId: string;
    trace_id: string;
    spanId: string;
    span_id: string;
    /** The traceparent header and _meta value sent. */
    traceparent: string;
    /** Mcp-Session-Id ("" for stdio and stateless 2026-07-28). */
    sessionId: string;
    session_id: string;
    protocolVersion: string;
    protocol_version: string;
    /** JSON-RPC id of the (last) request. */
    requestId: string;
    request_id: string;
    durationMs: number;
    duration_ms: number;
    /** Set when the session had to be re-established for this call. */
    reconnected?: boolean;
    /** Only when throw is false and the call failed. */
    error?: CallError;
  }

  export interface Content {
    type: 'text' | 'image' | 'audio' | 'resource' | 'resource_link' | string;
    text?: string;
    data?: string;
    mimeType?: string;
    mime_type?: string;
    resource?: ResourceContents;
    annotations?: Record<string, unknown>;
    [key: string]: unknown;
  }

  export interface Tool {
    name: string;
    title?: string;
    description?: string;
    inputSchema: Record<string, unknown>;
    input_schema: Record<string, unknown>;
    outputSchema?: Record<string, unknown>;
    output_schema?: Record<string, unknown>;
    annotations?: Record<string, unknown>;
    [key: string]: unknown;
  }

  export interface Resource {
    uri: string;
    name: string;
    title?: string;
    description?: string;
    mimeType?: string;
    mime_type?: string;
    size?: number;
    [key: string]: unknown;
  }

  export interface ResourceContents {
    uri: string;
    mimeType?: string;
    mime_type?: string;
    text?: string;
    /** base64 */
    blob?: string;
    [key: string]: unknown;
  }

  export interface Prompt {
    name: string;
    title?: string;
    description?: string;
    arguments?: { name: string; description?: string; required?: boolean }[];
    [key: string]: unknown;
  }

  export interface PromptMessage {
    role: 'user' | 'assistant';
    content: Content;
  }

  export interface CallToolResult extends CallInfo {
    content: Content[];
    structuredContent?: unknown;
    structured_content?: unknown;
    /** The tool's own failure flag; also counted as status=error, error_type=tool_error. */
    isError: boolean;
    is_error: boolean;
  }

  export interface ListToolsResult extends CallInfo {
    tools: Tool[];
    nextCursor?: string;
    next_cursor?: string;
  }

  export interface ListResourcesResult extends CallInfo {
    resources: Resource[];
    nextCursor?: string;
    next_cursor?: string;
  }

  export interface ReadResourceResult extends CallInfo {
    contents: ResourceContents[];
  }

  export interface ListPromptsResult extends CallInfo {
    prompts: Prompt[];
    nextCursor?: string;
    next_cursor?: string;
  }

  export interface GetPromptResult extends CallInfo {
    description?: string;
    messages: PromptMessage[];
  }

  /** A client on the VU's MCP session. Calls throw MCPError unless throw is false. */
  export interface Client {
    /** Mcp-Session-Id of the session ("" before it connects, for stdio and for 2026-07-28). */
    readonly sessionId: string;
    readonly protocolVersion: string;
    /** true if the server answered; never throws. */
    ping(): boolean;
    listTools(params?: { cursor?: string } & MetaParams, options?: CallOptions): ListToolsResult;
    /** Follows nextCursor; one request metric (method ListAllTools). */
    listAllTools(params?: MetaParams, options?: CallOptions): ListToolsResult;
    callTool(params: { name: string; arguments?: Record<string, unknown> } & MetaParams, options?: CallOptions): CallToolResult;
    listResources(params?: { cursor?: string } & MetaParams, options?: CallOptions): ListResourcesResult;
    listAllResources(params?: MetaParams, options?: CallOptions): ListResourcesResult;
    readResource(params: { uri: string } & MetaParams, options?: CallOptions): ReadResourceResult;
    listPrompts(params?: { cursor?: string } & MetaParams, options?: CallOptions): ListPromptsResult;
    listAllPrompts(params?: MetaParams, options?: CallOptions): ListPromptsResult;
    getPrompt(params: { name: string; arguments?: Record<string, string> } & MetaParams, options?: CallOptions): GetPromptResult;
    /** Ends the session (HTTP DELETE; EOF then kill for stdio). Sessions also close when the VU ends. */
    close(): void;
  }

  /**
   * Clients built with the same options share the VU's session (one
   * session per VU); created in init code they connect at their first
   * call.
   */
  export const StreamableHTTPClient: { new (options?: HTTPOptions): Client };
  export const SSEClient: { new (options?: HTTPOptions): Client };
  export const StdioClient: { new (options: StdioOptions): Client };

  /** A client for url (default: mcp.url of mcpchaos.yaml) over options.transport. */
  export function connect(url?: string, options?: ConnectOptions): Client;
  export function connect(options: ConnectOptions): Client;

  export const protocolVersions: ProtocolVersion[];

  const mcp: {
    StreamableHTTPClient: typeof StreamableHTTPClient;
    SSEClient: typeof SSEClient;
    StdioClient: typeof StdioClient;
    connect: typeof connect;
    protocolVersions: typeof protocolVersions;
  };
  export default mcp;
}
