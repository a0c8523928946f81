import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { ApiMethod, DiscoveryCatalog, DiscoveryParameter, DiscoverySchema } from './discovery-catalog.js';
import { type GoogleError, googleErrors } from './google-errors.js';

/** Query parameters of the media-upload doors that the discovery document does not list per method. */
const UPLOAD_PARAMETERS = new Set(['uploadType', 'upload_id']);

/**
 * Checks a request against the discovery document the way Google's front end does: unknown query
 * parameters, missing required ones, enums, integer bounds, `part` values, then the JSON body against
 * the method's request schema (unknown fields refused, `annotations.required` honoured).
 */
export class RequestChecker {
  private readonly ajv: Ajv;
  private readonly bodyValidators = new Map<string, ValidateFunction>();

  constructor(private readonly catalog: DiscoveryCatalog) {
    this.ajv = new Ajv({ allErrors: false, strict: false, verbose: true });
    ajvFormats.default(this.ajv, ['date-time']);
  }

  /** The first problem with the query, as Google reports one at a time; undefined when it is fine. */
  checkQuery(
    method: ApiMethod,
    via: 'api' | 'upload',
    query: Record<string, string | string[] | undefined>,
  ): GoogleError | undefined {
    const known = { ...this.catalog.document.parameters, ...method.parameters };
    for (const name of Object.keys(query)) {
      if (!(name in known) && !(via === 'upload' && UPLOAD_PARAMETERS.has(name))) {
        return googleErrors.unknownParameter(name);
      }
    }
    for (const [name, parameter] of Object.entries(method.parameters)) {
      if (parameter.location !== 'query') continue;
      const values = valuesOf(query[name], name === 'part' || parameter.repeated === true);
      if (values.length === 0) {
        if (parameter.required) return googleErrors.required(name);
        continue;
      }
      for (const value of values) {
        const problem = checkValue(name, parameter, value);
        if (problem) return problem;
      }
      if (name === 'part') {
        const unknown = values.find((value) => !method.parts.has(value));
        if (unknown !== undefined) return googleErrors.unknownPart(unknown);
      }
    }
    return undefined;
  }

  /** Checks a JSON body against the method's request schema. */
  checkBody(method: ApiMethod, body: unknown): GoogleError | undefined {
    if (!method.requestSchema) return undefined;
    if (body === undefined || body === null) return undefined;
    const validate = this.bodyValidator(method);
    if (validate(body)) return undefined;
    return googleErrors.badRequest(describe(validate.errors?.[0]));
  }

  private bodyValidator(method: ApiMethod): ValidateFunction {
    const cached = this.bodyValidators.get(method.id);
    if (cached) return cached;
    // Only the schemas the request can reach: compiling all 200-odd takes most of a second.
    const definitions: Record<string, unknown> = {};
    const pending = [method.requestSchema ?? ''];
    while (pending.length > 0) {
      const name = pending.pop() ?? '';
      const schema = this.catalog.document.schemas[name];
      if (name in definitions || !schema) continue;
      definitions[name] = toJsonSchema(schema, method.id);
      for (const found of JSON.stringify(schema).matchAll(/"\$ref":"([^"]+)"/g)) pending.push(found[1] ?? '');
    }
    const validate = this.ajv.compile({ definitions, $ref: `#/definitions/${method.requestSchema}` });
    this.bodyValidators.set(method.id, validate);
    return validate;
  }
}

/** Values of a parameter; `part` and repeated parameters may be comma-separated or given many times. */
export function valuesOf(raw: string | string[] | undefined, splitCommas: boolean): string[] {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const values = splitCommas ? list.flatMap((value) => value.split(',')) : list;
  return values.map((value) => value.trim()).filter((value) => value !== '');
}

function checkValue(name: string, parameter: DiscoveryParameter, value: string): GoogleError | undefined {
  if (parameter.enum && !parameter.enum.includes(value)) {
    return googleErrors.invalidParameter(
      name,
      `Invalid value '${value}'. Values must match one of: ${parameter.enum.join(', ')}`,
    );
  }
  if (parameter.type === 'boolean' && value !== 'true' && value !== 'false') {
    return googleErrors.invalidParameter(name, `Invalid boolean value: '${value}'.`);
  }
  if (parameter.type === 'integer') {
    const number = Number(value);
    if (!Number.isInteger(number)) return googleErrors.invalidParameter(name, `Invalid integer value: '${value}'.`);
    const below = parameter.minimum !== undefined && number < Number(parameter.minimum);
    const above = parameter.maximum !== undefined && number > Number(parameter.maximum);
    if (below || above) {
      return googleErrors.invalidParameter(
        name,
        `Invalid value '${value}'. Values must be within the range: [${parameter.minimum ?? '-'}, ${parameter.maximum ?? '-'}]`,
      );
    }
  }
  return undefined;
}

/** Discovery's schema dialect → JSON Schema for ajv, with the required fields of one method. */
function toJsonSchema(schema: DiscoverySchema, methodId: string): Record<string, unknown> {
  if (typeof schema.$ref === 'string') return { $ref: `#/definitions/${schema.$ref}` };
  const type = schema.type;
  const converted: Record<string, unknown> = {};
  if (type === 'any') return {};
  if (type === 'string' && (schema.format === 'int64' || schema.format === 'uint64')) {
    // Google takes 64-bit integers as JSON strings or numbers.
    return { type: ['string', 'integer'] };
  }
  if (typeof type === 'string') converted.type = type;
  if (Array.isArray(schema.enum)) converted.enum = schema.enum;
  if (schema.format === 'date-time') converted.format = 'date-time';
  if (schema.items) converted.items = toJsonSchema(schema.items as DiscoverySchema, methodId);
  if (schema.properties) {
    const properties = schema.properties as Record<string, DiscoverySchema>;
    converted.properties = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [name, toJsonSchema(property, methodId)]),
    );
    const required = Object.entries(properties)
      .filter(([, property]) => {
        const annotations = property.annotations as { required?: string[] } | undefined;
        return annotations?.required?.includes(methodId);
      })
      .map(([name]) => name);
    if (required.length > 0) converted.required = required;
  }
  if (schema.additionalProperties) {
    converted.additionalProperties = toJsonSchema(schema.additionalProperties as DiscoverySchema, methodId);
  } else if (type === 'object' && schema.properties) {
    converted.additionalProperties = false;
  }
  return converted;
}

/** Words an ajv error like Google's "Invalid JSON payload received" messages. */
function describe(error: ErrorObject | undefined): string {
  if (!error) return 'Invalid JSON payload received.';
  const at = `resource${error.instancePath.replace(/\//g, '.')}`;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      return `Invalid JSON payload received. Unknown name "${name}" at '${at}': Cannot find field.`;
    }
    case 'required': {
      const name = (error.params as { missingProperty: string }).missingProperty;
      return `Invalid JSON payload received. Missing required field '${at}.${name}'.`;
    }
    case 'enum':
      return `Invalid value at '${at}' (TYPE_ENUM), ${JSON.stringify(error.data)}`;
    default:
      return `Invalid value at '${at}': ${error.message ?? 'invalid'}`;
  }
}
