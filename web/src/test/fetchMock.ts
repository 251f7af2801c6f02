// A fake network edge: replaces global fetch with a router of canned JSON answers and records
// every request, so tests exercise the real API client end to end.
import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  rawBody: BodyInit | null | undefined;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Responder = Reply | ((req: RecordedRequest) => Reply | Promise<Reply>);

interface Route {
  method: string;
  path: string | RegExp;
  respond: Responder;
  once: boolean;
  used: boolean;
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({ status, body, headers });

export class MockApi {
  readonly calls: RecordedRequest[] = [];
  private routes: Route[] = [];
  readonly fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => this.handle(input, init));

  /** Register an answer; later registrations win over earlier ones for the same request. */
  on(method: string, path: string | RegExp, respond: Responder): this {
    this.routes.unshift({ method: method.toUpperCase(), path, respond, once: false, used: false });
    return this;
  }

  /** Answer once (before any persistent route; several one-shots answer in order), then fall through. */
  once(method: string, path: string | RegExp, respond: Responder): this {
    this.routes.unshift({ method: method.toUpperCase(), path, respond, once: true, used: false });
    return this;
  }

  get(path: string | RegExp, r: Responder) {
    return this.on('GET', path, r);
  }
  post(path: string | RegExp, r: Responder) {
    return this.on('POST', path, r);
  }
  put(path: string | RegExp, r: Responder) {
    return this.on('PUT', path, r);
  }
  delete(path: string | RegExp, r: Responder) {
    return this.on('DELETE', path, r);
  }

  /** Requests matching method and path (pathname only). */
  requests(method: string, path: string | RegExp): RecordedRequest[] {
    return this.calls.filter((c) => c.method === method.toUpperCase() && matches(path, c));
  }

  private async handle(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const parsed = new URL(url, 'http://localhost');
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    let body: unknown = init?.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        // keep the string
      }
    }
    const req: RecordedRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      url,
      path: parsed.pathname,
      query: parsed.searchParams,
      headers,
      body,
      rawBody: init?.body,
    };
    this.calls.push(req);
    const fits = (r: Route) => r.method === req.method && matches(r.path, req);
    // unused one-shot answers first (oldest first), then the newest persistent route
    const route =
      [...this.routes].reverse().find((r) => r.once && !r.used && fits(r)) ??
      this.routes.find((r) => !r.once && fits(r));
    if (!route) {
      return new Response(JSON.stringify({ detail: `unmocked ${req.method} ${req.path}` }), {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    route.used = true;
    const reply = typeof route.respond === 'function' ? await route.respond(req) : route.respond;
    const status = reply.status ?? 200;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status,
      headers: { 'Content-Type': 'application/json', ...reply.headers },
    });
  }
}

function matches(path: string | RegExp, req: RecordedRequest): boolean {
  return typeof path === 'string' ? path === req.path : path.test(req.path);
}

export function installMockApi(): MockApi {
  const api = new MockApi();
  vi.stubGlobal('fetch', api.fetch);
  return api;
}
