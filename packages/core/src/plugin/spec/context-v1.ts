/** Severity of a log line, lowest first. */
export type LogLevelV1 = 'debug' | 'info' | 'warn' | 'error';

/** Structured logger handed to plugins. `fields` must be JSON-serialisable; secret values are redacted. */
export interface PluginLoggerV1 {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Source of the current time; injected so that plugins are testable and reproducible. */
export interface ClockV1 {
  /** Current instant in epoch milliseconds (UTC). */
  now(): number;
}

/** Read access to the secrets a plugin declared in `permissions.secrets`. */
export interface PluginSecretsV1 {
  /**
   * The value of a declared secret, or `undefined` when the host holds no value for it.
   *
   * @throws DyocenseError `forbidden` when `name` is not declared in the plugin's `permissions.secrets`.
   */
  get(name: string): string | undefined;
}

/**
 * `fetch` restricted to the hosts a plugin declared in `permissions.allowedHosts`.
 *
 * Same signature as the WHATWG `fetch`. Requests to other hosts, IP literals, URLs with credentials and
 * redirects to undeclared hosts reject with a `forbidden` DyocenseError.
 */
export type PluginFetchV1 = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Everything a host gives a plugin at run time. There is deliberately no database handle: hosts persist
 * plugin output through their own tenant-aware repositories.
 */
export interface PluginContextV1 {
  readonly apiVersion: 1;
  /** Id of the plugin this context was created for. */
  readonly pluginId: string;
  readonly logger: PluginLoggerV1;
  readonly fetch: PluginFetchV1;
  readonly secrets: PluginSecretsV1;
  /** Aborted when the host cancels the current call; plugins must stop promptly. */
  readonly signal: AbortSignal;
  readonly clock: ClockV1;
}
