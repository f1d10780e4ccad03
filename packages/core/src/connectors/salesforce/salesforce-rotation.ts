import type { PluginContextV1 } from '../../plugin/spec/context-v1.js';

/** A refresh token Salesforce replaced (refresh-token rotation); the previous one no longer works. */
export interface RefreshTokenRotation {
  /** The token the connector refreshed with; a host can use it as the expected value of a compare-and-swap. */
  readonly previousRefreshToken: string;
  /** The token to store for the next sync. */
  readonly refreshToken: string;
  /** Origin of the org's REST API from the same token response. */
  readonly instanceUrl: string;
  /** When Salesforce issued it, epoch milliseconds. */
  readonly issuedAt?: number;
}

/**
 * Called by the connector, and awaited before it goes on, whenever a token refresh returns a new refresh token.
 * `context` is the object the host passed to `check`, `discover` or `read`, so a host that creates one context
 * per data source and call knows which data source the token belongs to. If the handler throws, the call fails
 * with that error: a sync must not go on with a token it could not keep.
 */
export type RefreshTokenRotationHandler = (
  rotation: RefreshTokenRotation,
  context: PluginContextV1,
) => Promise<void> | void;
