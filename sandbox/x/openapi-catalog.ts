import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The parts of an OpenAPI 3.0 document the emulator reads. */
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  style?: string;
  explode?: boolean;
}

export type JsonSchema = Record<string, unknown>;

interface Reference {
  $ref: string;
}

export interface OpenApiOperationObject {
  operationId?: string;
  parameters?: Array<OpenApiParameter | Reference>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  security?: Array<Record<string, string[]>>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas?: Record<string, JsonSchema>; parameters?: Record<string, OpenApiParameter> };
}

/** One operation of the X API, as the emulator routes, authorizes and validates it. */
export interface ApiOperation {
  /** `METHOD /path/{template}`, e.g. `POST /2/tweets`. Also the rate-limit key. */
  key: string;
  method: string;
  pathTemplate: string;
  operationId: string;
  /**
   * Scopes the OAuth 2.0 user-context security requirement lists; undefined when the operation does
   * not take OAuth 2.0 user tokens at all (app-only endpoints).
   */
  oauth2Scopes: string[] | undefined;
  parameters: OpenApiParameter[];
  requestBody: OpenApiOperationObject['requestBody'];
}

export interface OperationMatch {
  operation: ApiOperation;
  pathParams: Record<string, string>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface CompiledPath {
  template: string;
  pattern: RegExp;
  parameterNames: string[];
  /** Literal segments win over templated ones: `/2/media/upload` before `/2/media/{media_key}`. */
  literalSegments: number;
}

export const DEFAULT_OPENAPI_PATH = fileURLToPath(new URL('./x-openapi.json', import.meta.url));

/** X's published OpenAPI document, indexed for request matching. */
export class OpenApiCatalog {
  private readonly paths: CompiledPath[];
  private readonly operations = new Map<string, ApiOperation>();

  constructor(readonly document: OpenApiDocument) {
    this.paths = Object.keys(document.paths)
      .map(compilePath)
      .sort((a, b) => b.literalSegments - a.literalSegments);
    for (const [template, item] of Object.entries(document.paths)) {
      const shared = (item.parameters as Array<OpenApiParameter | Reference> | undefined) ?? [];
      for (const method of HTTP_METHODS) {
        const operation = item[method] as OpenApiOperationObject | undefined;
        if (!operation) continue;
        const key = `${method.toUpperCase()} ${template}`;
        this.operations.set(key, {
          key,
          method: method.toUpperCase(),
          pathTemplate: template,
          operationId: operation.operationId ?? key,
          oauth2Scopes: operation.security?.find((requirement) => 'OAuth2UserToken' in requirement)?.OAuth2UserToken,
          parameters: mergeParameters(
            shared.map((parameter) => this.resolveParameter(parameter)),
            (operation.parameters ?? []).map((parameter) => this.resolveParameter(parameter)),
          ),
          requestBody: operation.requestBody,
        });
      }
    }
  }

  static fromFile(file: string = DEFAULT_OPENAPI_PATH): OpenApiCatalog {
    return new OpenApiCatalog(JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument);
  }

  get version(): string {
    return this.document.info.version;
  }

  listOperations(): ApiOperation[] {
    return [...this.operations.values()];
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

  private resolveParameter(parameter: OpenApiParameter | Reference): OpenApiParameter {
    if (!('$ref' in parameter)) return parameter;
    const name = parameter.$ref.replace('#/components/parameters/', '');
    const resolved = this.document.components.parameters?.[name];
    if (!resolved) throw new Error(`the OpenAPI document refers to a missing parameter ${parameter.$ref}`);
    return resolved;
  }
}

function compilePath(template: string): CompiledPath {
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
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { template, pattern: new RegExp(`^${source}$`), parameterNames, literalSegments };
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
