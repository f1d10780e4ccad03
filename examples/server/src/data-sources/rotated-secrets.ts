import { DyocenseError } from '@dyocense/core';
import type { RefreshTokenRotationHandler } from '@dyocense/core/connectors';
import type { PluginContextV1 } from '@dyocense/core/plugin';

/** Where a sync collects the secrets its connector rotated, by the context it handed the connector. */
const collectors = new WeakMap<PluginContextV1, Map<string, string>>();

/**
 * Makes `context` collect the secret fields its connector rotates (newest value per field) into `into`. The sync
 * stores them once its own transaction is over (see `runSync`): a connector's rotation handler cannot write them
 * itself, since the sync's transaction holds the data source's row lock (and PGlite's only connection).
 */
export function collectRotatedSecrets(context: PluginContextV1, into: Map<string, string>): void {
  collectors.set(context, into);
}

/**
 * Hands a rotated secret (the only value that still works) to the sync that made `context`.
 *
 * @throws DyocenseError `internal` when `context` belongs to no sync: the value could not be stored, so the call
 *   must not go on as if it had been.
 */
export function reportRotatedSecret(context: PluginContextV1, field: string, value: string): void {
  const collected = collectors.get(context);
  if (collected === undefined) {
    throw new DyocenseError({
      code: 'internal',
      message: `The connector rotated its ${field} outside a sync, where the server cannot store it`,
    });
  }
  collected.set(field, value);
}

/** The Salesforce connector's `onRefreshTokenRotated`: the sync stores the new refresh token. */
export const keepRotatedRefreshToken: RefreshTokenRotationHandler = (rotation, context) =>
  reportRotatedSecret(context, 'refreshToken', rotation.refreshToken);
