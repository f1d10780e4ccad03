import { describe, expect, it } from 'vitest';
import { DyocenseError } from '../errors/index.js';
import { createPluginContext } from './create-plugin-context.js';

const manifest = {
  id: 'acme/shop',
  permissions: { allowedHosts: ['api.acme.com', '*.shops.example.com'], secrets: ['apiKey'] },
};

type Handler = (request: Request) => Response;

function recordingFetch(handler: Handler = () => new Response('ok')) {
  const requests: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    return handler(request);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

async function rejection(promise: Promise<unknown>): Promise<DyocenseError> {
  try {
    await promise;
  } catch (error) {
    if (DyocenseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createPluginContext fetch', () => {
  it('lets requests to an exactly declared host through', async () => {
    const { fetch, requests } = recordingFetch();
    const context = createPluginContext({ manifest, fetch });
    const response = await context.fetch('https://api.acme.com/v1/orders?page=2');
    expect(await response.text()).toBe('ok');
    expect(requests.map((request) => request.url)).toEqual(['https://api.acme.com/v1/orders?page=2']);
  });

  it('lets a wildcard entry match subdomains at any depth but not the bare domain', async () => {
    const { fetch, requests } = recordingFetch();
    const context = createPluginContext({ manifest, fetch });
    await context.fetch('https://berlin.shops.example.com/');
    await context.fetch('https://a.b.shops.example.com/');
    expect(requests).toHaveLength(2);
    expect((await rejection(context.fetch('https://shops.example.com/'))).code).toBe('forbidden');
    expect((await rejection(context.fetch('https://evilshops.example.com/'))).code).toBe('forbidden');
  });

  it('refuses an undeclared host before any request is sent', async () => {
    const { fetch, requests } = recordingFetch();
    const context = createPluginContext({ manifest, fetch });
    const error = await rejection(context.fetch('https://evil.com/steal'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('host evil.com is not in permissions.allowedHosts');
    expect(requests).toHaveLength(0);
  });

  it('refuses the userinfo trick http://api.acme.com@evil.com/', async () => {
    const { fetch, requests } = recordingFetch();
    const context = createPluginContext({ manifest, fetch });
    const error = await rejection(context.fetch('http://api.acme.com@evil.com/'));
    expect(error.code).toBe('forbidden');
    expect(requests).toHaveLength(0);
  });

  it('refuses credentials embedded in a URL of an allowed host', async () => {
    const context = createPluginContext({ manifest, fetch: recordingFetch().fetch });
    const error = await rejection(context.fetch('https://user:pass@api.acme.com/'));
    expect(error.message).toContain('embedded credentials');
    expect(error.message).not.toContain('pass');
  });

  it('refuses look-alike hosts built from the allowed name', async () => {
    const context = createPluginContext({ manifest, fetch: recordingFetch().fetch });
    for (const url of ['https://api.acme.com.evil.com/', 'https://xapi.acme.com/', 'https://acme.com/']) {
      expect((await rejection(context.fetch(url))).code).toBe('forbidden');
    }
  });

  it('refuses IPv4, IPv6 and numeric-host literals', async () => {
    const context = createPluginContext({ manifest, fetch: recordingFetch().fetch });
    for (const url of [
      'http://127.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://2130706433/',
      'http://0x7f.1/',
    ]) {
      const error = await rejection(context.fetch(url));
      expect(error.code).toBe('forbidden');
      expect(error.message).toContain('IP addresses are refused');
    }
  });

  it('refuses schemes other than http and https', async () => {
    const context = createPluginContext({ manifest, fetch: recordingFetch().fetch });
    expect((await rejection(context.fetch('file:///etc/passwd'))).code).toBe('forbidden');
    expect((await rejection(context.fetch('data:text/plain,hi'))).code).toBe('forbidden');
  });

  it('accepts a trailing-dot spelling of an allowed host and upper-case input', async () => {
    const { fetch, requests } = recordingFetch();
    const context = createPluginContext({ manifest, fetch });
    await context.fetch('https://API.ACME.COM./x');
    expect(requests).toHaveLength(1);
  });

  it('checks Request objects by their URL', async () => {
    const context = createPluginContext({ manifest, fetch: recordingFetch().fetch });
    const error = await rejection(context.fetch(new Request('https://evil.com/')));
    expect(error.code).toBe('forbidden');
  });

  it('rejects a redirect to an undeclared host without requesting it', async () => {
    const { fetch, requests } = recordingFetch((request) =>
      request.url.startsWith('https://api.acme.com/')
        ? new Response(null, { status: 302, headers: { location: 'https://evil.com/collect' } })
        : new Response('leaked'),
    );
    const context = createPluginContext({ manifest, fetch });
    const error = await rejection(context.fetch('https://api.acme.com/start'));
    expect(error.code).toBe('forbidden');
    expect(error.details.redirectedFrom).toBe('https://api.acme.com/start');
    expect(requests.map((request) => request.url)).toEqual(['https://api.acme.com/start']);
    expect(requests[0]?.redirect).toBe('manual');
  });

  it('rejects a redirect to an IP literal', async () => {
    const { fetch } = recordingFetch(
      () => new Response(null, { status: 307, headers: { location: 'http://169.254.169.254/' } }),
    );
    const context = createPluginContext({ manifest, fetch });
    expect((await rejection(context.fetch('https://api.acme.com/'))).code).toBe('forbidden');
  });

  it('follows a redirect between allowed hosts and drops credentials when the origin changes', async () => {
    const { fetch, requests } = recordingFetch((request) =>
      request.url === 'https://api.acme.com/a'
        ? new Response(null, { status: 301, headers: { location: 'https://eu.shops.example.com/b' } })
        : new Response('done'),
    );
    const context = createPluginContext({ manifest, fetch });
    const response = await context.fetch('https://api.acme.com/a', {
      headers: { authorization: 'Bearer token', accept: 'application/json' },
    });
    expect(await response.text()).toBe('done');
    expect(requests.map((request) => request.url)).toEqual([
      'https://api.acme.com/a',
      'https://eu.shops.example.com/b',
    ]);
    expect(requests[1]?.headers.get('authorization')).toBeNull();
    expect(requests[1]?.headers.get('accept')).toBe('application/json');
  });

  it('replays the body on a 307 and switches POST to GET on a 303', async () => {
    const { fetch, requests } = recordingFetch((request) => {
      if (request.url.endsWith('/one')) {
        return new Response(null, { status: 307, headers: { location: '/two' } });
      }
      if (request.url.endsWith('/two')) {
        return new Response(null, { status: 303, headers: { location: '/three' } });
      }
      return new Response('end');
    });
    const context = createPluginContext({ manifest, fetch });
    await context.fetch('https://api.acme.com/one', { method: 'POST', body: 'payload' });
    expect(requests.map((request) => request.method)).toEqual(['POST', 'POST', 'GET']);
    expect(await requests[1]?.text()).toBe('payload');
    expect(requests[2]?.body).toBeNull();
  });

  it('returns the redirect response itself when the caller asks for manual redirects', async () => {
    const { fetch, requests } = recordingFetch(
      () => new Response(null, { status: 302, headers: { location: 'https://evil.com/' } }),
    );
    const context = createPluginContext({ manifest, fetch });
    const response = await context.fetch('https://api.acme.com/', { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(requests).toHaveLength(1);
  });

  it('stops after maxRedirects hops', async () => {
    const { fetch, requests } = recordingFetch(
      () => new Response(null, { status: 302, headers: { location: 'https://api.acme.com/loop' } }),
    );
    const context = createPluginContext({ manifest, fetch, maxRedirects: 2 });
    await expect(context.fetch('https://api.acme.com/loop')).rejects.toThrow('more than 2 redirects');
    expect(requests).toHaveLength(3);
  });

  it('refuses an opaque redirect whose target it cannot check', async () => {
    const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers() } as unknown as Response;
    const context = createPluginContext({ manifest, fetch: (async () => opaque) as typeof globalThis.fetch });
    expect((await rejection(context.fetch('https://api.acme.com/'))).code).toBe('forbidden');
  });

  it('passes the context signal to every request', async () => {
    const controller = new AbortController();
    const { fetch, requests } = recordingFetch();
    const context = createPluginContext({ manifest, fetch, signal: controller.signal });
    await context.fetch('https://api.acme.com/');
    expect(requests[0]?.signal.aborted).toBe(false);
    controller.abort(new Error('cancelled'));
    expect(requests[0]?.signal.aborted).toBe(true);
  });
});

describe('createPluginContext secrets and logger', () => {
  it('returns declared secrets and undefined when the host holds no value', () => {
    const context = createPluginContext({ manifest, secrets: { apiKey: 's3cr3t-value' } });
    expect(context.secrets.get('apiKey')).toBe('s3cr3t-value');
    const empty = createPluginContext({ manifest });
    expect(empty.secrets.get('apiKey')).toBeUndefined();
  });

  it('refuses an undeclared secret even when the host holds a value for it', () => {
    const context = createPluginContext({ manifest, secrets: { apiKey: 'a', databaseUrl: 'postgres://x' } });
    expect(() => context.secrets.get('databaseUrl')).toThrow(
      expect.objectContaining({ code: 'forbidden' }) as Error,
    );
  });

  it('redacts secret values in log messages and fields', () => {
    const lines: unknown[][] = [];
    const logger = {
      debug: (...args: unknown[]) => lines.push(['debug', ...args]),
      info: (...args: unknown[]) => lines.push(['info', ...args]),
      warn: (...args: unknown[]) => lines.push(['warn', ...args]),
      error: (...args: unknown[]) => lines.push(['error', ...args]),
    };
    const context = createPluginContext({ manifest, logger, secrets: () => 'tok-123456' });
    const token = context.secrets.get('apiKey');
    context.logger.warn(`calling with ${token}`, { header: `Bearer ${token}`, nested: [token] });
    expect(lines).toEqual([
      ['warn', 'calling with [redacted]', { header: 'Bearer [redacted]', nested: ['[redacted]'] }],
    ]);
  });

  it('uses the injected clock and exposes no database handle', () => {
    const context = createPluginContext({ manifest, clock: { now: () => 42 } });
    expect(context.clock.now()).toBe(42);
    expect(Object.keys(context).sort()).toEqual(
      ['apiVersion', 'clock', 'fetch', 'logger', 'pluginId', 'secrets', 'signal'].sort(),
    );
    expect(Object.isFrozen(context)).toBe(true);
  });

  it('rejects malformed options with invalid_input', () => {
    expect(() =>
      createPluginContext({ manifest: { id: 'Not A Slug', permissions: { allowedHosts: [], secrets: [] } } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }) as Error);
    expect(() =>
      createPluginContext({
        manifest: { id: 'acme/x', permissions: { allowedHosts: ['https://acme.com'], secrets: [] } },
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_input' }) as Error);
  });
});
