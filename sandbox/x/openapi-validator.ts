import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { ApiOperation, JsonSchema, OpenApiCatalog, OpenApiParameter, OperationMatch } from './openapi-catalog.js';
import type { RequestViolation } from './problems.js';

/** A request as the validator sees it, once Fastify has parsed it. */
export interface RequestParts {
  query: Record<string, string | string[] | undefined>;
  /** Media type without parameters (`application/json`), undefined when the request had no body. */
  contentType: string | undefined;
  body: unknown;
}

/** A multipart body reduced to what a schema can check: text fields, and file fields as a marker. */
export type FormFields = Record<string, string | string[]>;

interface CompiledOperation {
  query: ValidateFunction;
  queryParameters: Map<string, OpenApiParameter>;
  path: ValidateFunction;
  bodies: Map<string, ValidateFunction>;
  bodyRequired: boolean;
}

const DOCUMENT_ID = 'https://api.x.com/2/openapi.json';
const MULTIPART = 'multipart/form-data';

/**
 * Validates requests against X's OpenAPI document with ajv. Validators are compiled the first time an
 * operation is called and then cached, so loading the 850 kB document stays cheap.
 *
 * Two ajv instances: JSON bodies are checked strictly (a number where a string belongs is an error),
 * while query strings, path segments and multipart fields are text on the wire and get coerced first.
 */
export class OpenApiValidator {
  private readonly strict: Ajv;
  private readonly coercing: Ajv;
  private readonly compiled = new Map<string, CompiledOperation>();

  constructor(catalog: OpenApiCatalog) {
    this.strict = createAjv(false, catalog);
    this.coercing = createAjv(true, catalog);
  }

  validate(match: OperationMatch, request: RequestParts): RequestViolation[] {
    const compiled = this.compile(match.operation);
    return [
      ...this.validatePath(compiled, match.pathParams),
      ...this.validateQuery(compiled, request.query),
      ...this.validateBody(compiled, request),
    ];
  }

  /** Compiles an operation now (tests use it to prove every operation of the document compiles). */
  compile(operation: ApiOperation): CompiledOperation {
    const cached = this.compiled.get(operation.key);
    if (cached) return cached;
    const queryParameters = new Map(
      operation.parameters
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => [parameter.name, parameter]),
    );
    const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
    const bodies = new Map<string, ValidateFunction>();
    for (const [mediaType, content] of Object.entries(operation.requestBody?.content ?? {})) {
      const ajv = mediaType === 'application/json' ? this.strict : this.coercing;
      bodies.set(mediaType, ajv.compile(pointIntoDocument(content.schema ?? {})));
    }
    const compiled: CompiledOperation = {
      query: this.coercing.compile(objectSchemaOf([...queryParameters.values()])),
      queryParameters,
      path: this.coercing.compile(objectSchemaOf(pathParameters)),
      bodies,
      bodyRequired: operation.requestBody?.required === true,
    };
    this.compiled.set(operation.key, compiled);
    return compiled;
  }

  private validatePath(compiled: CompiledOperation, pathParams: Record<string, string>): RequestViolation[] {
    const values = { ...pathParams };
    if (compiled.path(values)) return [];
    return (compiled.path.errors ?? []).map((error) => parameterViolation('path', error, pathParams));
  }

  private validateQuery(
    compiled: CompiledOperation,
    query: Record<string, string | string[] | undefined>,
  ): RequestViolation[] {
    const raw: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      raw[name] = Array.isArray(value) ? value.join(',') : value;
      values[name] = shapeQueryValue(compiled.queryParameters.get(name), value);
    }
    if (compiled.query(values)) return [];
    return (compiled.query.errors ?? []).map((error) =>
      parameterViolation('query', error, raw, [...compiled.queryParameters.keys()]),
    );
  }

  private validateBody(compiled: CompiledOperation, request: RequestParts): RequestViolation[] {
    if (request.body === undefined || request.contentType === undefined) {
      return compiled.bodyRequired ? [{ parameter: '$', message: '$: a request body is required' }] : [];
    }
    if (compiled.bodies.size === 0) return [];
    const validator = compiled.bodies.get(request.contentType);
    if (!validator) {
      const accepted = [...compiled.bodies.keys()].join(', ');
      return [{ parameter: '$', message: `$: a ${request.contentType} body is not accepted here (send ${accepted})` }];
    }
    // Coercion rewrites values in place; a copy keeps the handler's view of the body intact.
    const data = request.contentType === MULTIPART ? { ...(request.body as FormFields) } : request.body;
    if (validator(data)) return [];
    return uniqueViolations((validator.errors ?? []).map(bodyViolation));
  }
}

function createAjv(coerceTypes: boolean, catalog: OpenApiCatalog): Ajv {
  // strict:false because OpenAPI 3.0 schemas carry keywords JSON Schema does not know
  // (example, discriminator, xml); ajv understands `nullable` natively.
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, validateSchema: false });
  ajvFormats.default(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: catalog.document.components });
  return ajv;
}

/** Local `#/components/...` references in an operation are rewritten to point into the registered document. */
function pointIntoDocument(schema: unknown): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema, (key, value) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${DOCUMENT_ID}${value}` : value,
    ),
  ) as JsonSchema;
}

function objectSchemaOf(parameters: OpenApiParameter[]): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(
      parameters.map((parameter) => [parameter.name, pointIntoDocument(parameter.schema)]),
    ),
    required: parameters.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    // X refuses query parameters it does not know, naming the ones it does.
    additionalProperties: false,
  };
}

/** Form-style arrays arrive comma-separated (`explode: false`) or as repeated keys (`explode: true`). */
function shapeQueryValue(parameter: OpenApiParameter | undefined, value: string | string[]): unknown {
  const isArray = parameter?.schema?.type === 'array';
  if (!isArray) return Array.isArray(value) ? value[value.length - 1] : value;
  const values = Array.isArray(value) ? value : [value];
  return parameter?.explode === false ? values.flatMap((item) => item.split(',')) : values;
}

function parameterViolation(
  location: 'query' | 'path',
  error: ErrorObject,
  raw: Record<string, string>,
  known: string[] = [],
): RequestViolation {
  if (error.keyword === 'additionalProperties') {
    const name = String(error.params.additionalProperty);
    return {
      parameter: name,
      parameters: { [name]: [raw[name] ?? ''] },
      message: `The ${location} parameter [${name}] is not one of [${known.join(',')}]`,
    };
  }
  if (error.keyword === 'required') {
    const name = String(error.params.missingProperty);
    return { parameter: name, parameters: { [name]: [] }, message: `The \`${name}\` ${location} parameter is missing` };
  }
  const name = decodePointer(error.instancePath.split('/')[1] ?? '');
  const value = raw[name] ?? '';
  const reason =
    error.keyword === 'enum'
      ? `is not one of [${(error.params.allowedValues as unknown[]).join(',')}]`
      : (error.message ?? 'is invalid');
  return {
    parameter: name,
    parameters: { [name]: [value] },
    message: `The \`${name}\` ${location} parameter value [${value}] ${reason}`,
  };
}

function bodyViolation(error: ErrorObject): RequestViolation {
  const base = jsonPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = `${base}.${String(error.params.additionalProperty)}`;
      return { parameter: field, message: `${field}: is not a field this endpoint accepts` };
    }
    case 'required': {
      const field = `${base}.${String(error.params.missingProperty)}`;
      return { parameter: field, message: `${field}: is required` };
    }
    case 'type':
      return { parameter: base, message: `${base}: must be ${String(error.params.type)}` };
    case 'enum':
      return {
        parameter: base,
        message: `${base}: must be one of [${(error.params.allowedValues as unknown[]).join(', ')}]`,
      };
    default:
      return { parameter: base, message: `${base}: ${error.message ?? 'is invalid'}` };
  }
}

function jsonPath(instancePath: string): string {
  if (instancePath === '') return '$';
  return instancePath
    .split('/')
    .slice(1)
    .map(decodePointer)
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : `${path}.${segment}`), '$');
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function uniqueViolations(violations: RequestViolation[]): RequestViolation[] {
  const seen = new Set<string>();
  return violations.filter((violation) => {
    if (seen.has(violation.message)) return false;
    seen.add(violation.message);
    return true;
  });
}

export type { CompiledOperation };
