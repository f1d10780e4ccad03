import type { DyocenseSchema } from '@dyocense/core/db';
import type { FastifyInstance } from 'fastify';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/index.js';

// The docs page never touches the database: a driver that cannot connect proves it.
const offline = new Kysely<DyocenseSchema>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('GET /docs', () => {
  let app: FastifyInstance;
  let html: string;
  let headers: Record<string, unknown>;
  let openApi: {
    paths: Record<string, Record<string, { parameters: { name: string }[]; 'x-dyocense-role': string }>>;
  };

  beforeAll(async () => {
    app = await buildServer({ db: offline, auth: { secret: 'docs-test-secret-of-at-least-32-bytes' } });
    const response = await app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    html = response.body;
    headers = response.headers;
    openApi = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers an HTML page without a token', () => {
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('references only same-origin assets and runs no script', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    const references = [...html.matchAll(/\b(?:href|src|action)="([^"]*)"/g)].map((match) => match[1] ?? '');
    expect(references.length).toBeGreaterThan(5);
    for (const reference of references) expect(reference).toMatch(/^(#|\/(?!\/))/);
    expect(headers['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*';/,
    );
  });

  it('lists every route of /v1/openapi.json with its method, role and parameters', () => {
    const operations = Object.entries(openApi.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(6);
    for (const { path, method, operation } of operations) {
      const start = html.indexOf(
        `<span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code>`,
      );
      expect(start, `${method} ${path}`).toBeGreaterThan(0);
      const section = html.slice(start, html.indexOf('</section>', start));
      expect(section).toContain(`role: <strong>${operation['x-dyocense-role']}</strong>`);
      for (const parameter of operation.parameters)
        expect(section).toContain(`<code>${parameter.name}</code>`);
    }
  });

  it('marks the routes that take embed tokens', () => {
    const start = html.indexOf('<code>/v1/metrics/{metric}</code>');
    const section = html.slice(start, html.indexOf('</section>', start));
    expect(section).toContain('embed tokens: <strong>metric</strong>');
  });
});
