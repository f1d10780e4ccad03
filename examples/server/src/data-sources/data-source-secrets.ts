import { DyocenseError } from '@dyocense/core';
import { decryptSecret, encryptSecret, type SecretKeyring } from '@dyocense/core/secrets';

/** What the API shows in place of a stored secret; sent back in a PATCH, it keeps the stored value. */
export const secretMask = '***';

/** Where a data source's secrets belong: each is sealed for its tenant, data source and field. */
export interface DataSourceBinding {
  readonly tenantId: string;
  readonly dataSourceId: string;
}

/** Splits a configuration into its plain fields and its secret fields (by `secretFields`). */
export function splitSecrets(
  config: Readonly<Record<string, unknown>>,
  secretFields: readonly string[],
): { plain: Record<string, unknown>; secrets: Record<string, unknown> } {
  const plain: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(config)) {
    if (secretFields.includes(field)) secrets[field] = value;
    else plain[field] = value;
  }
  return { plain, secrets };
}

function requireKeyring(keyring: SecretKeyring | undefined, fields: readonly string[]): SecretKeyring {
  if (keyring !== undefined) return keyring;
  throw new DyocenseError({
    code: 'invalid_input',
    message: `This server has no secret key (DYOCENSE_SECRET_KEY or DYOCENSE_SECRET_KEYS), so it cannot store or read the secret fields ${fields.join(', ')}`,
    issues: fields.map((field) => ({
      path: ['config', field],
      code: 'secret_key_missing',
      message: 'needs a server secret key',
    })),
  });
}

/** Seals each secret value (as JSON) for its field. @throws DyocenseError `invalid_input` without a keyring. */
export function sealSecrets(
  keyring: SecretKeyring | undefined,
  secrets: Readonly<Record<string, unknown>>,
  binding: DataSourceBinding,
): Record<string, string> {
  const fields = Object.keys(secrets);
  if (fields.length === 0) return {};
  const ring = requireKeyring(keyring, fields);
  return Object.fromEntries(
    fields.map((field) => [
      field,
      encryptSecret(ring, JSON.stringify(secrets[field]), {
        tenantId: binding.tenantId,
        objectId: binding.dataSourceId,
        field,
      }),
    ]),
  );
}

/**
 * Opens sealed secrets. A value that does not open (tampered, copied from another row, or sealed under a key no
 * longer configured) is an `internal` error: stored data, not the caller, is at fault; the cause says why.
 */
export function openSecrets(
  keyring: SecretKeyring | undefined,
  sealed: Readonly<Record<string, string>>,
  binding: DataSourceBinding,
): Record<string, unknown> {
  const fields = Object.keys(sealed);
  if (fields.length === 0) return {};
  const ring = requireKeyring(keyring, fields);
  const opened: Record<string, unknown> = {};
  for (const field of fields) {
    try {
      const text = decryptSecret(ring, sealed[field] as string, {
        tenantId: binding.tenantId,
        objectId: binding.dataSourceId,
        field,
      });
      opened[field] = JSON.parse(text);
    } catch (error) {
      throw new DyocenseError({
        code: 'internal',
        message: `The stored secret ${field} of data source ${binding.dataSourceId} cannot be opened`,
        cause: error,
        details: { field, dataSourceId: binding.dataSourceId },
      });
    }
  }
  return opened;
}

/** The configuration as the API shows it: plain fields, and {@link secretMask} for each stored secret. */
export function maskedConfig(
  plain: Readonly<Record<string, unknown>>,
  sealed: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return { ...plain, ...Object.fromEntries(Object.keys(sealed).map((field) => [field, secretMask])) };
}
