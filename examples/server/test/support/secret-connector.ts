import { defineConnector } from '@dyocense/core/plugin';
import { z } from 'zod';

/**
 * A connector whose configuration holds secrets (an API key and an OAuth token pair), shaped like the SaaS
 * connectors: for the data-source, redaction and rotation tests. It never reads anything.
 */
export const secretConnector = defineConnector({
  id: 'test-api',
  name: 'Test API',
  spec: {
    configSchema: z.object({
      baseUrl: z.url(),
      region: z.enum(['eu', 'us']).default('eu'),
      apiKey: z.string().min(8),
      oauth: z.object({ accessToken: z.string(), refreshToken: z.string() }).optional(),
    }),
    secretFields: ['apiKey', 'oauth'],
  },
  streams: [
    {
      name: 'orders',
      fields: [{ name: 'id', type: 'string', nullable: false }],
      primaryKey: ['id'],
      supportedSyncModes: ['full_refresh'],
    },
  ],
  check: () => ({ status: 'succeeded', message: 'ok' }),
  discover: () => ({ streams: [] }),
  async *read() {},
});
