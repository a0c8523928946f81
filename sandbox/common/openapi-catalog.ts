import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** The parts of an OpenAPI 3.0 or 3.1 document the emulators read. */
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  explode?: boolean;
}

export type JsonSchema = Record<string, unknown>;

interface Reference {
  $ref: string;
}

interface OperationObject {
  operationId?: string;
  parameters?: Array<OpenApiParameter | Reference>;
  requestBody?: RequestBody | Reference;
  security?: Array<Record<string, string[]>>;
  [extension: `x-${string}`]: unknown;
}

export interface RequestBody {
  required?: boolean;
  content?: Record<string, { schema?: JsonSchema }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas?: Record<string, JsonSchema>;
    parameters?: Record<string, OpenApiParameter>;
    requestBodies?: Record<string, RequestBody>;
    securitySchemes?: Record<string, unknown>;
  };
}

/** One operation of an API, as an emulator routes, authorizes and validates it. */
export interface ApiOperation {
  /** `METHOD /path/{template}`, e.g. `POST /pins`. */
  key: string;
  method: string;
  pathTemplate: string;
  operationId: string;
  /** Security requirements, by scheme name: each entry is one alternative. */
  security: Array<Record<string, string[]>>;
  parameters: OpenApiParameter[];
  requestBody: RequestBody | undefined;
  /** Vendor extensions of the operation (`x-ratelimit-category`). */
  extensions: Record<string, unknown>;
}

export interface OperationMatch {
  operation: ApiOperation;
  pathParams: Record<string, string>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface CompiledPath {
  template: string;
  pattern: RegExp;
  parameterNames: string[];
  /** Literal segments win over templated ones: `/media/upload` before `/media/{id}`. */
  literalSegments: number;
}

const loaded = new Map<string, OpenApiDocument>();

/** Reads a JSON or YAML OpenAPI document once per process: several emulators in one test run share it. */
export function loadOpenApiDocument(file: string): OpenApiDocument {
  const cached = loaded.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8');
  const document = (
    file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })
  ) as OpenApiDocument;
  loaded.set(file, document);
  return document;
}

/** A published OpenAPI document, indexed for request matching. `basePath` is the server path (`/v5`). */
export class OpenApiCatalog {
  private readonly paths: CompiledPath[];
  private readonly operations = new Map<string, ApiOperation>();

  constructor(
    readonly document: OpenApiDocument,
    readonly basePath = '',
  ) {
    this.paths = Object.keys(document.paths)
      .map((template) => compilePath(template, basePath))
      .sort((a, b) => b.literalSegments - a.literalSegments);
    for (const [template, item] of Object.entries(document.paths)) {
      const shared = (item.parameters as Array<OpenApiParameter | Reference> | undefined) ?? [];
      for (const method of HTTP_METHODS) {
        const operation = item[method] as OperationObject | undefined;
        if (!operation) continue;
        const key = `${method.toUpperCase()} ${template}`;
        const own = (operation.parameters ?? []).map((parameter) => this.resolve<OpenApiParameter>(parameter));
        const requestBody = operation.requestBody ? this.resolve<RequestBody>(operation.requestBody) : undefined;
        this.operations.set(key, {
          key,
          method: method.toUpperCase(),
          pathTemplate: template,
          operationId: operation.operationId ?? key,
          security: operation.security ?? [],
          parameters: mergeParameters(
            shared.map((parameter) => this.resolve<OpenApiParameter>(parameter)),
            own,
          ),
          requestBody,
          extensions: Object.fromEntries(Object.entries(operation).filter(([name]) => name.startsWith('x-'))),
        });
      }
    }
  }

  get version(): string {
    return this.document.info.version;
  }

  /** Scope descriptions of an OAuth 2.0 security scheme's authorization-code flow. */
  scopeDescriptions(schemeName: string): Record<string, string> {
    const scheme = this.document.components.securitySchemes?.[schemeName] as
      | { flows?: { authorizationCode?: { scopes?: Record<string, string> } } }
      | undefined;
    const scopes = scheme?.flows?.authorizationCode?.scopes;
    if (!scopes) throw new Error(`the OpenAPI document has no OAuth 2.0 scheme ${schemeName}`);
    return scopes;
  }

  operation(key: string): ApiOperation {
    const found = this.operations.get(key);
    if (!found) throw new Error(`the OpenAPI document has no operation ${key}`);
    return found;
  }

  /** Finds the operation a request targets, preferring the template with the most literal segments. */
  match(method: string, pathname: string): OperationMatch | undefined {
    const upper = method.toUpperCase();
    for (const path of this.paths) {
      const found = path.pattern.exec(pathname);
      if (!found) continue;
      const operation = this.operations.get(`${upper} ${path.template}`);
      if (!operation) continue;
      const pathParams: Record<string, string> = {};
      path.parameterNames.forEach((name, index) => {
        pathParams[name] = safeDecode(found[index + 1] ?? '');
      });
      return { operation, pathParams };
    }
    return undefined;
  }

  private resolve<T>(value: T | Reference): T {
    if (typeof value !== 'object' || value === null || !('$ref' in value)) return value as T;
    const [, section, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(value.$ref) ?? [];
    const resolved = (this.document.components as Record<string, Record<string, unknown> | undefined>)[section ?? '']?.[
      name ?? ''
    ];
    if (!resolved) throw new Error(`the OpenAPI document refers to a missing ${value.$ref}`);
    return resolved as T;
  }
}

function compilePath(template: string, basePath: string): CompiledPath {
  const parameterNames: string[] = [];
  let literalSegments = 0;
  const source = template
    .split('/')
    .map((segment) => {
      const parameter = /^\{([^}]+)\}$/.exec(segment);
      if (parameter?.[1]) {
        parameterNames.push(parameter[1]);
        return '([^/]+)';
      }
      literalSegments += 1;
      return escapeRegExp(segment);
    })
    .join('/');
  return { template, pattern: new RegExp(`^${escapeRegExp(basePath)}${source}$`), parameterNames, literalSegments };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Operation-level parameters override path-level ones with the same name and location. */
function mergeParameters(shared: OpenApiParameter[], own: OpenApiParameter[]): OpenApiParameter[] {
  const merged = new Map<string, OpenApiParameter>();
  for (const parameter of [...shared, ...own]) merged.set(`${parameter.in}:${parameter.name}`, parameter);
  return [...merged.values()];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch (error) {
    // A malformed escape is left as sent; the parameter's schema then reports it.
    if (error instanceof URIError) return value;
    throw error;
  }
}
