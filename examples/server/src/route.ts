import { parseInput } from '@dyocense/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal, Role } from './auth.js';
import { answerCachedRead } from './cached-read.js';
import { type EmbedAccess, keepEmbeddedMetrics } from './embed-access.js';

/** What a handler receives: validated input and, on authenticated routes, the caller. */
export interface RouteContext<Params, Query, Body> {
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  readonly principal: Principal;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** One API route: zod schemas validate its input and document it in the OpenAPI description. */
export interface RouteSpec<Params, Query, Body> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path, `:name` for parameters. */
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  /** Least role allowed. */
  readonly role: Role;
  /** Read routes only: admits embed tokens (see {@link EmbedAccess}); absent, embed tokens are refused. */
  readonly embed?: EmbedAccess;
  readonly params?: z.ZodType<Params>;
  readonly query?: z.ZodType<Query>;
  readonly body?: z.ZodType<Body>;
  /** Request content types other than JSON (e.g. CSV upload); documented as a binary body. */
  readonly rawBody?: readonly string[];
  /** Success status and body schema. */
  readonly status: number;
  readonly response: z.ZodType;
  /** Content type of the success body; default `application/json` (`text/event-stream` for event streams). */
  readonly responseType?: string;
  readonly handler: (context: RouteContext<Params, Query, Body>) => Promise<unknown>;
  /**
   * GET routes whose JSON answer depends only on the caller's tenant, the validated params and query, and the
   * tenant's metric data or KPI definitions: answers are kept serialised per tenant in the server's read cache
   * (see read-cache.ts) and carry an `ETag`.
   */
  readonly cache?: boolean;
}

/** A route as kept for the OpenAPI description. */
export type RegisteredRoute = RouteSpec<unknown, unknown, unknown>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every `/v1` route that needs a caller. */
    principal?: Principal;
  }
}

/** Registers `spec` on `app` and records it in `registry` (for `/v1/openapi.json`). */
export function addRoute<Params = Record<string, never>, Query = Record<string, never>, Body = undefined>(
  app: FastifyInstance,
  registry: RegisteredRoute[],
  spec: RouteSpec<Params, Query, Body>,
): void {
  registry.push(spec as RegisteredRoute);
  if (
    spec.cache &&
    (spec.method !== 'GET' || spec.embed === 'metric-list' || spec.responseType !== undefined)
  )
    throw new Error(`route ${spec.url}: only plain JSON GET routes can be cached`);
  const readCache = spec.cache ? (app.readCache ?? null) : null;
  app.route({
    method: spec.method,
    url: spec.url,
    config: { role: spec.role, embed: spec.embed },
    handler: async (request, reply) => {
      const principal = request.principal;
      // The authentication hook runs first; reaching here without a caller is a wiring bug.
      if (principal === undefined) throw new Error(`route ${spec.url} ran without a principal`);
      const parse = () => ({
        params: (spec.params ? parseInput(spec.params, request.params, 'path parameters') : {}) as Params,
        query: (spec.query ? parseInput(spec.query, request.query, 'query') : {}) as Query,
        body: (spec.body ? parseInput(spec.body, request.body, 'body') : request.body) as Body,
      });
      if (readCache !== null) {
        reply.code(spec.status);
        // The raw URL finds a cached answer without validating again; a miss validates, and the answer is keyed
        // by the validated input, so equivalent spellings of one query share an entry.
        return answerCachedRead(
          readCache,
          principal.tenantId,
          `${spec.url}\0${request.url}`,
          request,
          reply,
          () => {
            const input = parse();
            return {
              key: `${spec.url}\0${JSON.stringify(input.params)}\0${JSON.stringify(input.query)}`,
              read: () => spec.handler({ ...input, principal, request, reply }),
            };
          },
        );
      }
      const { params, query, body } = parse();
      // Set first, so a handler may answer another success status (e.g. 201 instead of 202 for a finished run).
      reply.code(spec.status);
      const result = await spec.handler({ params, query, body, principal, request, reply });
      return spec.embed === 'metric-list' && principal.embed !== undefined
        ? keepEmbeddedMetrics(result, principal.embed.metrics)
        : result;
    },
  });
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query'): unknown[] {
  if (schema === undefined) return [];
  const json = toJsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

/** An OpenAPI 3.1 description of `routes`, generated from their zod schemas. */
export function toOpenApi(routes: readonly RegisteredRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponse = {
    description: 'Error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z_]\w*)/g, '{$1}');
    const content: Record<string, unknown> = {};
    if (route.body) content['application/json'] = { schema: toJsonSchema(route.body, 'input') };
    for (const type of route.rawBody ?? []) content[type] = { schema: { type: 'string', format: 'binary' } };
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      'x-dyocense-role': route.role,
      ...(route.embed === undefined ? {} : { 'x-dyocense-embed': route.embed }),
      security: [{ bearer: [] }],
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(Object.keys(content).length > 0 ? { requestBody: { required: true, content } } : {}),
      responses: {
        [String(route.status)]: {
          description: 'Success',
          content: {
            [route.responseType ?? 'application/json']: { schema: toJsonSchema(route.response, 'output') },
          },
        },
        '400': errorResponse,
        '401': errorResponse,
        '403': errorResponse,
        ...(route.params ? { '404': errorResponse } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Dyocense reference server', version },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'issues'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                issues: { type: 'array' },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
