// Hootsuite's own description of its REST API (test/fixtures/hootsuite/, with its source and
// licence), read so the Hootsuite stand-in can hold every request the bot sends against it and
// answer in its shapes. Ajv checks the schemas; the routing and the reading of parameters are
// here, because the description declares its bodies as `application/json;charset=utf-8`, which
// openapi-backend (the obvious library) does not recognise as JSON and so would never check.

import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

export const SPEC_FILE = fileURLToPath(new URL('../fixtures/hootsuite/rest-api.openapi.yml', import.meta.url));

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  operation: Operation;
}

/** A request as the stand-in received it. */
export interface SpecRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body as sent; '' when there was none. */
  body: string;
}

export type SpecCheck = { ok: true; operationId: string; body: unknown } | { ok: false; operationId?: string; problems: string[] };

interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: Schema;
}

export class HootsuiteSpec {
  private readonly routes: Route[] = [];
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(private readonly doc: Description) {
    for (const [template, item] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const names: string[] = [];
        const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        this.routes.push({ method: method.toUpperCase(), template, pattern: new RegExp(`^${source}$`), names, operation });
      }
  }

  private static loaded: HootsuiteSpec | undefined;

  /** The description, read once per process. */
  static load(): HootsuiteSpec {
    if (!this.loaded) {
      const doc = parse(readFileSync(SPEC_FILE, 'utf8')) as Description;
      // Its one broken schema (an empty $ref; see SOURCE.md): no operation uses it.
      delete ((doc.components.schemas ?? {}) as Schema).DeleteMessageResponseEnvelope;
      this.loaded = new HootsuiteSpec(doc);
    }
    return this.loaded;
  }

  /** The operation a request is, and its body as read; or every reason the description does not allow it. */
  check(req: SpecRequest): SpecCheck {
    const route = this.routes.find((r) => r.method === req.method && r.pattern.test(req.path));
    if (!route) {
      const other = this.routes.some((r) => r.pattern.test(req.path));
      return { ok: false, problems: [other ? 'method not described for this path' : 'no such path'] };
    }
    const { operation } = route;
    const problems: string[] = [];
    const params = (operation.parameters ?? []).map((p) => this.deref<Parameter>(p));
    const values = route.pattern.exec(req.path)!.slice(1);
    route.names.forEach((name, i) => {
      const p = params.find((q) => q.in === 'path' && q.name === name);
      if (p) problems.push(...this.checkValue(`path ${name}`, decodeURIComponent(values[i]!), p.schema));
    });
    for (const key of new Set(req.query.keys())) {
      const p = params.find((q) => q.in === 'query' && q.name === key);
      if (!p) {
        problems.push(`query ${key}: not a parameter of ${operation.operationId}`);
        continue;
      }
      for (const value of req.query.getAll(key)) problems.push(...this.checkValue(`query ${key}`, value, p.schema));
    }
    for (const p of params) {
      if (!p.required) continue;
      if (p.in === 'query' && !req.query.has(p.name)) problems.push(`query ${p.name}: required`);
      if (p.in === 'header' && req.headers[p.name.toLowerCase()] === undefined) problems.push(`header ${p.name}: required`);
    }
    const body = this.checkBody(operation, req, problems);
    return problems.length
      ? { ok: false, operationId: operation.operationId, problems }
      : { ok: true, operationId: operation.operationId, body };
  }

  /**
   * Whether an answer has the shape the description gives for this operation and status. The
   * description says "set to null" of values its schemas type as strings (the cursor's next), so
   * a null is read as absent.
   */
  checkResponse(operationId: string, status: number, body: unknown): string[] {
    const route = this.routes.find((r) => r.operation.operationId === operationId);
    const response = route?.operation.responses[String(status)];
    if (!response) return [`${operationId}: no ${status} answer is described`];
    const schema = response.content && Object.values(response.content)[0]?.schema;
    if (!schema) return body === undefined ? [] : [`${operationId} ${status}: described without a body`];
    return this.validate(`response ${operationId} ${status}`, schema, withoutNulls(body)).map((p) => `answer: ${p}`);
  }

  private checkBody(operation: Operation, req: SpecRequest, problems: string[]): unknown {
    const declared = operation.requestBody;
    const type = req.headers['content-type'];
    if (!declared) {
      if (req.body) problems.push(`body: ${operation.operationId} takes none`);
      return undefined;
    }
    if (!req.body) {
      if (declared.required) problems.push('body: required');
      return undefined;
    }
    const media = Object.keys(declared.content).find((m) => sameMediaType(m, type));
    if (!media) {
      problems.push(`content-type ${type ?? '(none)'}: expected ${Object.keys(declared.content).join(' or ')}`);
      return undefined;
    }
    let body: unknown;
    try {
      body = media.startsWith('application/x-www-form-urlencoded')
        ? Object.fromEntries(new URLSearchParams(req.body))
        : (JSON.parse(req.body) as unknown);
    } catch {
      problems.push('body: not JSON');
      return undefined;
    }
    const schema = declared.content[media]!.schema;
    if (schema) problems.push(...this.validate(`request ${operation.operationId} ${media}`, schema, body, true).map((p) => `body${p}`));
    return body;
  }

  private checkValue(where: string, raw: string, schema: Schema | undefined): string[] {
    if (!schema) return [];
    const resolved = this.deref<Schema>(schema);
    let value: unknown = raw;
    if (resolved.type === 'integer' || resolved.type === 'number') value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (resolved.type === 'boolean') value = raw === 'true' ? true : raw === 'false' ? false : raw;
    return this.validate(where, resolved, value).map((p) => `${where}${p}`);
  }

  /**
   * `closed`: a request may carry only what the description names, so an object schema that
   * names its properties takes no others (Hootsuite may ignore an unknown field; a field it
   * does not know is an assumption of ours, and this is where it shows).
   */
  private validate(key: string, schema: Schema, value: unknown, closed = false): string[] {
    const id = `${key}${closed ? ':closed' : ''}`;
    let validate = this.compiled.get(id);
    if (!validate) {
      validate = this.ajv.compile(this.inline(schema, closed, 0) as Schema);
      this.compiled.set(id, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${e.instancePath || ''}: ${e.message ?? 'invalid'}${'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    );
  }

  /** The schema with every $ref replaced by what it names (the description's schemas do not recurse into themselves). */
  private inline(schema: unknown, closed: boolean, depth: number): unknown {
    if (depth > 40) throw new Error('a schema of the description refers to itself');
    if (Array.isArray(schema)) return schema.map((s) => this.inline(s, closed, depth + 1));
    if (!schema || typeof schema !== 'object') return schema;
    const s = schema as Schema;
    if (typeof s.$ref === 'string') return this.inline(this.deref(s), closed, depth + 1);
    const out: Schema = {};
    for (const [k, v] of Object.entries(s)) out[k] = k === 'example' ? v : this.inline(v, closed, depth + 1);
    if (closed && out.type === 'object' && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  }

  private deref<T>(node: T | { $ref: string }): T {
    let current: unknown = node;
    while (current && typeof current === 'object' && typeof (current as { $ref?: unknown }).$ref === 'string') {
      const path = (current as { $ref: string }).$ref.replace(/^#\//, '').split('/');
      current = path.reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], this.doc);
      if (current === undefined) throw new Error(`the description names ${(node as { $ref: string }).$ref}, which it does not have`);
    }
    return current as T;
  }
}

/** Media types compared without case or spaces; a charset, if both give one, must agree. */
function sameMediaType(declared: string, sent: string | undefined): boolean {
  if (!sent) return false;
  const read = (m: string) => {
    const [type, ...params] = m.toLowerCase().replace(/\s+/g, '').split(';');
    const charset = params.find((p) => p.startsWith('charset='))?.slice(8);
    return { type, charset };
  };
  const a = read(declared);
  const b = read(sent);
  return a.type === b.type && (!a.charset || !b.charset || a.charset === b.charset);
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}
