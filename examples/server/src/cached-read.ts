import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CachedBody, matchesEntityTag, type ReadCache } from './read-cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server's read cache; null when off (no change source, or size 0). */
    readCache: ReadCache | null;
  }
}

// Exactly what Fastify sends for an object with its default serializer, so cached and uncached answers match.
const jsonType = 'application/json; charset=utf-8';

function send(request: FastifyRequest, reply: FastifyReply, answer: CachedBody): FastifyReply {
  // `no-cache`: a browser keeps the answer but asks again each time, and gets 304 while it is current.
  reply
    .header('content-type', jsonType)
    .header('etag', answer.etag)
    .header('cache-control', 'private, no-cache');
  if (matchesEntityTag(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
  return reply.send(answer.body);
}

/** What a cache miss needs: the key of the validated input, and the read itself. */
export interface PreparedRead {
  readonly key: string;
  readonly read: () => Promise<unknown>;
}

/**
 * Answers a cacheable read for the verified caller's `tenant`: the tenant's cached bytes when present, else the
 * read's result serialised once, stored (unless the tenant changed meanwhile) and sent. `rawKey` (route and raw
 * URL) finds the validated key of a URL seen before; `prepare` validates the input (throwing a 400) and names
 * the key: route plus validated input.
 */
export async function answerCachedRead(
  cache: ReadCache,
  tenant: string,
  rawKey: string,
  request: FastifyRequest,
  reply: FastifyReply,
  prepare: () => PreparedRead,
): Promise<FastifyReply> {
  const known = cache.keyOf(rawKey);
  if (known !== undefined) {
    const hit = cache.lookup(tenant, known);
    if (hit !== undefined) return send(request, reply, hit);
  }
  const { key, read } = prepare();
  cache.rememberKey(rawKey, key);
  if (known === undefined) {
    const hit = cache.lookup(tenant, key);
    if (hit !== undefined) return send(request, reply, hit);
  }
  const ticket = cache.begin(tenant);
  let result: unknown;
  try {
    result = await read();
  } catch (error) {
    cache.abandon(ticket);
    throw error;
  }
  return send(request, reply, cache.finish(ticket, key, Buffer.from(JSON.stringify(result))));
}
