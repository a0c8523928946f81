import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Meta's node specs (see extract-graph-specs.ts): per node, its fields and its edges with their parameters. */
interface SpecParam {
  name: string;
  required?: boolean;
  type: string;
}
interface SpecApi {
  method: string;
  endpoint?: string;
  name?: string;
  return?: string;
  params?: SpecParam[];
}
interface SpecFile {
  graph_api_version: string;
  enum_types: Array<{ name: string; values: string[] }>;
  specs: Record<string, { apis: SpecApi[]; fields: Array<{ name: string; type: string }> }>;
}

export const DEFAULT_SPECS_PATH = fileURLToPath(new URL('./graph-specs.json', import.meta.url));

/** Parameters every Graph call may carry, which the node specs leave out. */
const UNIVERSAL_PARAMS = new Set([
  'access_token',
  'appsecret_proof',
  'appsecret_time',
  'fields',
  'limit',
  'after',
  'before',
  'pretty',
  'format',
  'method',
  'suppress_http_code',
  'locale',
]);

export interface ParamProblem {
  message: string;
}

/** Operations the node specs answer for: `POST feed` on `Page`, or `#get` on the node itself. */
export class GraphSpecs {
  readonly version: string;
  private readonly enums = new Map<string, string[]>();

  private constructor(private readonly file: SpecFile) {
    this.version = file.graph_api_version;
    for (const entry of file.enum_types) this.enums.set(entry.name, entry.values);
  }

  static load(path: string = DEFAULT_SPECS_PATH): GraphSpecs {
    return new GraphSpecs(JSON.parse(readFileSync(path, 'utf8')) as SpecFile);
  }

  hasNode(node: string): boolean {
    return node in this.file.specs;
  }

  /** The operation for `METHOD /{id}/{edge}` on a node, or for the node itself when `edge` is undefined. */
  operation(node: string, method: string, edge: string | undefined): SpecApi | undefined {
    const spec = this.file.specs[node];
    if (!spec) return undefined;
    const selfName = method === 'GET' ? '#get' : method === 'DELETE' ? '#delete' : '#update';
    return spec.apis.find((api) =>
      edge === undefined ? api.name === selfName : api.method === method && api.endpoint === edge,
    );
  }

  /** Whether `name` can be asked for in `fields=` on the node: a field, or an edge read by field expansion. */
  isReadable(node: string, name: string): boolean {
    const spec = this.file.specs[node];
    if (!spec) return true; // nodes without a spec (containers) are checked by their route
    return (
      spec.fields.some((field) => field.name === name) ||
      spec.apis.some((api) => api.method === 'GET' && api.endpoint === name)
    );
  }

  /**
   * Checks parameters against an operation: every name known, required ones present, enum values and
   * simple types right. Enum values compare without case, as Meta's front door does (`start` = `START`).
   */
  checkParams(api: SpecApi, params: Record<string, string>): ParamProblem[] {
    const problems: ParamProblem[] = [];
    const declared = new Map((api.params ?? []).map((param) => [param.name, param]));
    for (const [name, value] of Object.entries(params)) {
      if (UNIVERSAL_PARAMS.has(name)) continue;
      const param = declared.get(name);
      if (!param) {
        problems.push({ message: `Param ${name} is not a valid parameter of this operation` });
        continue;
      }
      const problem = this.checkValue(param, value);
      if (problem) problems.push({ message: problem });
    }
    for (const param of declared.values()) {
      if (param.required && params[param.name] === undefined) {
        problems.push({ message: `The parameter ${param.name} is required` });
      }
    }
    return problems;
  }

  private checkValue(param: SpecParam, value: string): string | undefined {
    const listOf = /^list<(.+)>$/.exec(param.type)?.[1];
    const enumValues = this.enums.get(listOf ?? param.type);
    if (enumValues) {
      const given = listOf ? splitList(value) : [value];
      const allowed = new Set(enumValues.map((entry) => entry.toLowerCase()));
      const wrong = given.filter((entry) => !allowed.has(entry.toLowerCase()));
      if (wrong.length > 0)
        return `Param ${param.name} must be one of {${enumValues.join(', ')}}; got ${wrong.join(', ')}`;
      return undefined;
    }
    switch (param.type) {
      case 'bool':
        return /^(true|false|1|0)$/i.test(value) ? undefined : `Param ${param.name} must be a boolean`;
      case 'int':
        return /^-?\d+$/.test(value) ? undefined : `Param ${param.name} must be an integer`;
      case 'unsigned int':
        return /^\d+$/.test(value) ? undefined : `Param ${param.name} must be a non-negative integer`;
      case 'datetime':
        return /^\d+$/.test(value) || !Number.isNaN(Date.parse(value))
          ? undefined
          : `Param ${param.name} must be a UNIX time or an ISO 8601 time`;
      case 'Object':
      case 'map':
        return parsesAs(value, (parsed) => typeof parsed === 'object' && parsed !== null)
          ? undefined
          : `Param ${param.name} must be a JSON object`;
      default:
        // Meta takes such lists as a JSON array, or as comma-separated names (`metric=a,b`).
        if ((listOf === 'Object' || listOf === 'map') && value.trim().startsWith('[')) {
          return parsesAs(value, Array.isArray) ? undefined : `Param ${param.name} must be a JSON array`;
        }
        return undefined;
    }
  }
}

/** Meta takes lists as JSON arrays or comma-separated text. */
export function splitList(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  return trimmed
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function parsesAs(value: string, accept: (parsed: unknown) => boolean): boolean {
  try {
    return accept(JSON.parse(value));
  } catch (error) {
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}

/** `fields=id,comments.limit(0).summary(true),from{id,name}` → the top-level names. */
export function topLevelFields(fields: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of fields) {
    if (char === '{' || char === '(') depth += 1;
    if (char === '}' || char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      names.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  names.push(current);
  return names.map((name) => name.trim().split(/[.{(]/)[0] ?? '').filter(Boolean);
}
