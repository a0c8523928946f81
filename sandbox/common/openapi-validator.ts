import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { ApiOperation, JsonSchema, OpenApiCatalog, OpenApiParameter, OperationMatch } from './openapi-catalog.js';

/** A request as the validator sees it, once Fastify has parsed it. */
export interface RequestParts {
  query: Record<string, string | string[] | undefined>;
  /** Media type without parameters (`application/json`), undefined when the request had no body. */
  contentType: string | undefined;
  body: unknown;
}

/** One thing wrong with a request: where (`query.board_id`, `$.media_source.url`) and what. */
export interface RequestViolation {
  field: string;
  message: string;
}

interface CompiledOperation {
  query: ValidateFunction;
  queryParameters: Map<string, OpenApiParameter>;
  path: ValidateFunction;
  bodies: Map<string, ValidateFunction>;
  bodyRequired: boolean;
}

const DOCUMENT_ID = 'urn:crier:sandbox:openapi';
const JSON_TYPE = 'application/json';

export interface ValidatorOptions {
  /**
   * Bodies of these media types are checked against the JSON schema of another one the document
   * lists: `{ 'application/x-www-form-urlencoded': 'application/json' }` where the document lists only
   * JSON but the real server takes forms too.
   */
  bodyAliases?: Record<string, string>;
  /**
   * Reads `oneOf` as `anyOf`: for documents whose alternatives overlap where the real API takes both
   * (Mastodon's TextStatus and MediaStatus both match a status with text and media).
   */
  oneOfAsAnyOf?: boolean;
}

/**
 * Validates requests against an OpenAPI 3.0 or 3.1 document with ajv, the X emulator's approach made
 * generic. JSON bodies are checked strictly; query strings, path segments and form fields are text on
 * the wire and are coerced first. Validators are compiled on first use and cached.
 */
export class OpenApiValidator {
  private readonly strict: Ajv;
  private readonly coercing: Ajv;
  private readonly compiled = new Map<string, CompiledOperation>();

  constructor(
    catalog: OpenApiCatalog,
    private readonly options: ValidatorOptions = {},
  ) {
    const is31 = catalog.document.openapi.startsWith('3.1');
    this.strict = createAjv(is31, false, catalog, options.oneOfAsAnyOf === true);
    this.coercing = createAjv(is31, true, catalog, options.oneOfAsAnyOf === true);
  }

  validate(match: OperationMatch, request: RequestParts): RequestViolation[] {
    const compiled = this.compile(match.operation);
    return [
      ...checkParameters(compiled.path, 'path', match.pathParams),
      ...this.validateQuery(compiled, request.query),
      ...this.validateBody(compiled, request),
    ];
  }

  compile(operation: ApiOperation): CompiledOperation {
    const cached = this.compiled.get(operation.key);
    if (cached) return cached;
    const queryParameters = new Map(
      operation.parameters
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => [parameter.name, parameter]),
    );
    const bodies = new Map<string, ValidateFunction>();
    for (const [mediaType, content] of Object.entries(operation.requestBody?.content ?? {})) {
      const ajv = mediaType === JSON_TYPE ? this.strict : this.coercing;
      bodies.set(mediaType, ajv.compile(pointIntoDocument(content.schema ?? {}, this.options.oneOfAsAnyOf === true)));
    }
    const compiled: CompiledOperation = {
      query: this.coercing.compile(objectSchemaOf([...queryParameters.values()], this.options.oneOfAsAnyOf === true)),
      queryParameters,
      path: this.coercing.compile(
        objectSchemaOf(
          operation.parameters.filter((parameter) => parameter.in === 'path'),
          this.options.oneOfAsAnyOf === true,
        ),
      ),
      bodies,
      bodyRequired: operation.requestBody?.required === true,
    };
    this.compiled.set(operation.key, compiled);
    return compiled;
  }

  private validateQuery(compiled: CompiledOperation, query: RequestParts['query']): RequestViolation[] {
    const values: Record<string, unknown> = {};
    for (const [sent, value] of Object.entries(query)) {
      if (value === undefined) continue;
      // Rails-style arrays (`types[]=mention`, Mastodon's) name the same parameter as `types`.
      const name = sent.replace(/\[\]$/, '');
      values[name] = shapeQueryValue(compiled.queryParameters.get(name), value);
    }
    return checkParameters(compiled.query, 'query', values);
  }

  private validateBody(compiled: CompiledOperation, request: RequestParts): RequestViolation[] {
    if (request.body === undefined || request.contentType === undefined) {
      return compiled.bodyRequired ? [{ field: '$', message: 'a request body is required' }] : [];
    }
    if (compiled.bodies.size === 0) return [];
    const validator =
      compiled.bodies.get(request.contentType) ??
      compiled.bodies.get(this.options.bodyAliases?.[request.contentType] ?? '');
    if (!validator) {
      const accepted = [...compiled.bodies.keys()].join(', ');
      return [{ field: '$', message: `a ${request.contentType} body is not accepted here (send ${accepted})` }];
    }
    // Coercion rewrites values in place; a copy keeps the handler's view of the body intact.
    const data = request.contentType === JSON_TYPE ? request.body : { ...(request.body as Record<string, unknown>) };
    if (validator(data)) return [];
    return unique((validator.errors ?? []).map(bodyViolation));
  }
}

function createAjv(openApi31: boolean, coerceTypes: boolean, catalog: OpenApiCatalog, oneOfAsAnyOf: boolean): Ajv {
  // strict:false because OpenAPI schemas carry keywords JSON Schema does not know (example,
  // discriminator, xml); ajv understands 3.0's `nullable` natively. 3.1 is JSON Schema 2020-12.
  const options = { strict: false, allErrors: true, coerceTypes, validateSchema: false };
  const ajv = openApi31 ? new Ajv2020(options) : new Ajv(options);
  ajvFormats.default(ajv);
  // Formats some documents invent (Mastodon's `scopes`); their shape is checked by the handlers.
  for (const format of ['scopes', 'int32', 'int64', 'float', 'double', 'binary', 'byte', 'html']) {
    if (!ajv.formats[format]) ajv.addFormat(format, true);
  }
  const components = oneOfAsAnyOf ? relaxOneOf(catalog.document.components) : catalog.document.components;
  ajv.addSchema({ $id: DOCUMENT_ID, components });
  return ajv as Ajv;
}

/** Local `#/components/...` references are rewritten to point into the registered document. */
function pointIntoDocument(schema: unknown, oneOfAsAnyOf = false): JsonSchema {
  const pointed = JSON.parse(
    JSON.stringify(schema ?? {}, (key, value) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${DOCUMENT_ID}${value}` : value,
    ),
  ) as JsonSchema;
  return oneOfAsAnyOf ? relaxOneOf(pointed) : pointed;
}

function relaxOneOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(/"oneOf":/g, '"anyOf":')) as T;
}

function objectSchemaOf(parameters: OpenApiParameter[], oneOfAsAnyOf: boolean): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(
      parameters.map((parameter) => [parameter.name, pointIntoDocument(parameter.schema, oneOfAsAnyOf)]),
    ),
    required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    // Unknown query parameters are refused, so a connector's typo shows up in the sandbox.
    additionalProperties: false,
  };
}

/** Form-style arrays arrive as repeated keys, `name[]` keys, or comma-separated (`explode: false`). */
function shapeQueryValue(parameter: OpenApiParameter | undefined, value: string | string[]): unknown {
  if (parameter?.schema?.type !== 'array') return Array.isArray(value) ? value[value.length - 1] : value;
  const values = Array.isArray(value) ? value : [value];
  return parameter.explode === false ? values.flatMap((item) => item.split(',')) : values;
}

function checkParameters(
  validate: ValidateFunction,
  location: 'query' | 'path',
  values: Record<string, unknown>,
): RequestViolation[] {
  if (validate(values)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => {
    if (error.keyword === 'additionalProperties') {
      const name = String(error.params.additionalProperty);
      return { field: `${location}.${name}`, message: `${location} parameter ${name} is not known here` };
    }
    if (error.keyword === 'required') {
      const name = String(error.params.missingProperty);
      return { field: `${location}.${name}`, message: `${location} parameter ${name} is required` };
    }
    const name = error.instancePath.split('/')[1] ?? '';
    return { field: `${location}.${name}`, message: `${location} parameter ${name} ${error.message ?? 'is invalid'}` };
  });
}

function bodyViolation(error: ErrorObject): RequestViolation {
  const base = jsonPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = `${base}.${String(error.params.additionalProperty)}`;
      return { field, message: `${field} is not a field this endpoint accepts` };
    }
    case 'required': {
      const field = `${base}.${String(error.params.missingProperty)}`;
      return { field, message: `${field} is required` };
    }
    case 'enum':
      return { field: base, message: `${base} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}` };
    default:
      return { field: base, message: `${base} ${error.message ?? 'is invalid'}` };
  }
}

function jsonPath(instancePath: string): string {
  if (instancePath === '') return '$';
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}.${segment}`), '$');
}

function unique(violations: RequestViolation[]): RequestViolation[] {
  const seen = new Set<string>();
  return violations.filter((violation) => !seen.has(violation.message) && seen.add(violation.message) !== undefined);
}
