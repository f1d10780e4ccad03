import { z } from 'zod';

/**
 * Schema of every message a connector's `read` emits ({@link ConnectorMessageV1}). Hosts that run a
 * connector out of process validate each JSON line with it.
 */
export const connectorMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('record'),
    stream: z.string().min(1),
    data: z.record(z.string(), z.json()),
    emittedAt: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('state'), stream: z.string().min(1), data: z.json() }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
  }),
  z.object({
    type: z.literal('trace'),
    error: z.object({
      message: z.string().min(1),
      failureType: z.enum(['config_error', 'system_error', 'transient_error']),
      stream: z.string().min(1).optional(),
    }),
  }),
]);
