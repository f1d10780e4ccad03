import { z } from 'zod';

/**
 * An https origin, or http on `localhost` (local fixture servers and development proxies). Paths, queries
 * and credentials are refused: the connector appends Salesforce's own paths.
 */
const originSchema = z
  .string()
  .url()
  .refine(
    (value) => {
      const url = new URL(value);
      const local = url.hostname === 'localhost';
      return (
        (url.protocol === 'https:' || (local && url.protocol === 'http:')) &&
        url.username === '' &&
        url.password === '' &&
        (url.pathname === '/' || url.pathname === '') &&
        url.search === '' &&
        url.hash === ''
      );
    },
    { message: 'must be an https origin such as https://acme.my.salesforce.com (http only on localhost)' },
  )
  .transform((value) => new URL(value).origin);

/** API name of a custom object, e.g. `Invoice__c` (namespaced names such as `acme__Invoice__c` included). */
const customObjectSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,80}__c$/, 'must be the API name of a custom object, ending in __c');

/**
 * Configuration of the Salesforce connector.
 *
 * `clientSecret` and `refreshToken` are secret fields: a host stores them apart and may either pass them in
 * the configuration or leave them out and serve them through `context.secrets` under the same names.
 */
export const salesforceConfigSchema = z.object({
  /** The org's My Domain origin, e.g. `https://acme.my.salesforce.com`. */
  instanceUrl: originSchema,
  /** Authorisation server: `https://login.salesforce.com`, `https://test.salesforce.com` for sandboxes, or the My Domain origin. */
  loginUrl: originSchema.default('https://login.salesforce.com'),
  /** REST API version without the `v`, e.g. `62.0`. */
  apiVersion: z
    .string()
    .regex(/^[1-9][0-9]\.0$/, 'must be a Salesforce API version such as 62.0')
    .default('62.0'),
  /** Consumer key of the connected app (or External Client App). */
  clientId: z.string().min(1).max(1000),
  /** Consumer secret; absent for apps that do not require one for the refresh-token flow. */
  clientSecret: z.string().min(1).max(1000).optional(),
  /** Refresh token from the authorisation-code flow; the connector reads it from `context.secrets` when absent. */
  refreshToken: z.string().min(1).max(4000).optional(),
  /**
   * Custom objects offered by `discover`. Default: every queryable custom object of the org. Opportunity,
   * Account and Order are always offered when the org has them.
   */
  customObjects: z.array(customObjectSchema).max(200).optional(),
  /** Records last modified before this instant are not read (ISO 8601 with an offset). Default: all. */
  startDate: z.iso.datetime({ offset: true }).optional(),
  /** Incremental reads use `queryAll` and emit deleted records with `IsDeleted: true`. Default `true`. */
  includeDeleted: z.boolean().default(true),
  /** Records per page asked of Salesforce (`Sforce-Query-Options: batchSize`), 200-2000. Default 2000. */
  pageSize: z.number().int().min(200).max(2000).default(2000),
  /** Emit a state checkpoint after this many records of a stream (and at its end). Default 1000. */
  checkpointEvery: z.number().int().positive().max(1_000_000).default(1_000),
  /**
   * Records modified in the last `lagSeconds` are left for the next sync, so that a transaction committing
   * late with an older `SystemModstamp` is not skipped by the cursor. Default 60.
   */
  lagSeconds: z.number().int().min(0).max(86_400).default(60),
  /** Retries of one request after HTTP 429, 403 `REQUEST_LIMIT_EXCEEDED` or 503. Default 5. */
  maxRetries: z.number().int().min(0).max(20).default(5),
  /** First back-off delay in milliseconds; doubles per retry with full jitter. Default 1000. */
  retryBaseDelayMs: z.number().int().min(0).max(600_000).default(1_000),
  /** Cap of one back-off delay (also caps a `Retry-After` header) in milliseconds. Default 60 000. */
  retryMaxDelayMs: z.number().int().min(0).max(3_600_000).default(60_000),
});

/** Validated configuration (see {@link salesforceConfigSchema}). */
export type SalesforceConfig = z.output<typeof salesforceConfigSchema>;
/** Configuration input accepted by the Salesforce connector. */
export type SalesforceConfigInput = z.input<typeof salesforceConfigSchema>;

/** Config fields that hold secrets (declared in `spec.secretFields` and the plugin's `permissions.secrets`). */
export const salesforceSecretFields = ['clientSecret', 'refreshToken'] as const;
