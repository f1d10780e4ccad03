import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: JsonSchema;
}

interface Operation {
  readonly summary?: string;
  readonly tags?: readonly string[];
  readonly 'x-dyocense-role'?: string;
  readonly 'x-dyocense-embed'?: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: unknown }> };
  readonly responses?: Record<string, unknown>;
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A one-line reading of a parameter's schema: `integer, 1–1000, default 100`, `day | week, default "day"`. */
function describeSchema(schema: JsonSchema | undefined): string {
  if (schema === undefined) return '';
  const alternatives = schema.anyOf ?? schema.oneOf;
  let text: string;
  if (schema.enum !== undefined) text = schema.enum.map(String).join(' | ');
  else if (schema.const !== undefined) text = JSON.stringify(schema.const);
  else if (alternatives !== undefined) text = alternatives.map(describeSchema).join(' or ');
  else {
    text = [schema.type].flat().join(' | ') || 'any';
    if (schema.format !== undefined) text += ` (${schema.format})`;
    const low = schema.minimum ?? schema.minLength;
    const high = schema.maximum ?? schema.maxLength;
    const unit = schema.minLength !== undefined || schema.maxLength !== undefined ? ' chars' : '';
    if (low !== undefined || high !== undefined) text += `, ${low ?? ''}–${high ?? ''}${unit}`;
  }
  return schema.default === undefined ? text : `${text}, default ${JSON.stringify(schema.default)}`;
}

function renderParameters(parameters: readonly Parameter[]): string {
  if (parameters.length === 0) return '<p class="none">No parameters.</p>';
  const rows = parameters
    .map(
      (parameter) =>
        `<tr><td><code>${escapeHtml(parameter.name)}</code></td><td>${escapeHtml(parameter.in)}</td>` +
        `<td>${parameter.required ? 'yes' : 'no'}</td><td>${escapeHtml(describeSchema(parameter.schema))}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>schema</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function renderOperation(method: string, path: string, operation: Operation): string {
  const id = `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const role = operation['x-dyocense-role'];
  const embed = operation['x-dyocense-embed'];
  const content = operation.requestBody?.content ?? {};
  const body = Object.entries(content)
    .map(
      ([type, media]) =>
        `<details><summary>body <code>${escapeHtml(type)}</code></summary><pre>${escapeHtml(
          JSON.stringify(media.schema ?? {}, null, 2),
        )}</pre></details>`,
    )
    .join('');
  const responses = Object.keys(operation.responses ?? {})
    .map((status) => `<code>${escapeHtml(status)}</code>`)
    .join(' ');
  return `<section id="${escapeHtml(id)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(operation.summary ?? '')}</p>
<p class="meta">role: <strong>${escapeHtml(role ?? 'none (public)')}</strong>${
    embed === undefined ? '' : ` · embed tokens: <strong>${escapeHtml(embed)}</strong>`
  } · responses: ${responses}</p>
${renderParameters(operation.parameters ?? [])}${body}
</section>`;
}

const style = `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 1.5rem;color:#1c1c1c;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e8e8e8;background:#16181b}table,td,th{border-color:#444}}
code,pre{font-family:ui-monospace,monospace}pre{overflow:auto;font-size:13px}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
.method{display:inline-block;min-width:4rem;padding:0 .4rem;border-radius:4px;color:#fff;font-size:13px;text-align:center}
.get{background:#1b6e3a}.post{background:#1f4fa0}.put,.patch{background:#8a5a00}.delete{background:#a02020}
.meta,.none{color:#666}section{border-top:1px solid #ccc;padding-top:.5rem;margin-top:1rem}`;

/**
 * A self-contained HTML page describing `openApi` (a document from `toOpenApi`): every route with its method,
 * path, summary, role, embed access, parameters and body schema. No script and no asset outside the page.
 */
export function renderDocsPage(openApi: Record<string, unknown>): string {
  const info = (openApi.info ?? {}) as { title?: string; version?: string };
  const paths = (openApi.paths ?? {}) as Record<string, Partial<Record<string, Operation>>>;
  const operations: { tag: string; html: string; link: string; label: string }[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (operation === undefined) continue;
      operations.push({
        tag: operation.tags?.[0] ?? 'other',
        html: renderOperation(method, path, operation),
        link: `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`,
        label: `${method.toUpperCase()} ${path}`,
      });
    }
  }
  const tags = [...new Set(operations.map((operation) => operation.tag))];
  const contents = operations
    .map(
      (operation) => `<li><a href="#${escapeHtml(operation.link)}">${escapeHtml(operation.label)}</a></li>`,
    )
    .join('');
  const sections = tags
    .map(
      (tag) =>
        `<h2>${escapeHtml(tag)}</h2>${operations
          .filter((operation) => operation.tag === tag)
          .map((operation) => operation.html)
          .join('\n')}`,
    )
    .join('\n');
  const title = `${info.title ?? 'API'} ${info.version ?? ''}`.trim();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Every <code>/v1</code> route takes <code>Authorization: Bearer &lt;JWT&gt;</code> (HS256, <code>iss=dyocense</code>,
<code>aud=dyocense-api</code>, claims <code>sub</code>, <code>tenant_id</code>, <code>role</code>); <code>dyocense token</code>
mints one. Roles: viewer &lt; analyst &lt; admin. Routes marked for embed tokens also take a viewer token with
<code>aud=dyocense-embed</code> for the metrics it lists. Errors are <code>{ "error": { "code", "message", "issues" } }</code>.
The machine-readable description is <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>
<nav><ul>${contents}</ul></nav>
${sections}
</body>
</html>
`;
}

/**
 * Serves {@link renderDocsPage} at `GET /docs` (public, like the OpenAPI document). Its content security policy
 * allows nothing but the page's own inline style, so it loads no outside asset and runs no script.
 */
export function registerDocsPage(app: FastifyInstance, openApi: Record<string, unknown>): void {
  const html = renderDocsPage(openApi);
  const styleHash = createHash('sha256').update(style).digest('base64');
  const policy = `default-src 'none'; style-src 'sha256-${styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  app.get('/docs', async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', policy)
      .header('x-content-type-options', 'nosniff')
      .send(html),
  );
}
