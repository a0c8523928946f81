import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the official Threads Postman collection says about each request: its operation, the
 * parameters it sends or documents (disabled ones too: they are the optional parameters), and the
 * values a parameter may take where a collection variable lists them (`media_type`, `reply_control`,
 * `fields`, `metric`). The emulator checks every request against it. Where threads.md documents
 * more than the collection shows (Meta's note: "all of the latest features may not be showcased"),
 * `FACTS_ADDITIONS` adds it, each with its source.
 */

export const DEFAULT_COLLECTION_PATH = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'threads-postman-collection.json',
);

/** The kinds of node a path starts from, named after the collection's variables. */
export type NodeKind = 'user' | 'media' | 'container' | 'location' | 'root';

export interface ParameterRule {
  /** Allowed values, when the collection lists them; each comma-separated item is checked for lists. */
  values?: readonly string[];
  /** `fields`, `metric`, `children`, `allowlisted_country_codes`: a comma-separated list. */
  list: boolean;
}

export interface CatalogOperation {
  /** `POST user/threads`, `GET media`, `GET root/oauth/access_token`. */
  key: string;
  method: string;
  node: NodeKind;
  /** The edge after the node (`threads`, `insights`), or the root path; '' for the node itself. */
  edge: string;
  /** The collection's names for it, for reports. */
  names: string[];
  parameters: Map<string, ParameterRule>;
}

interface PostmanQuery {
  key: string;
  value?: string | null;
}
interface PostmanRequest {
  method: string;
  url: { path?: string[]; query?: PostmanQuery[] };
}
interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: PostmanRequest;
}
export interface PostmanCollection {
  item: PostmanItem[];
  variable: Array<{ key: string; value?: string }>;
}

const LIST_PARAMETERS = new Set(['fields', 'metric', 'children', 'allowlisted_country_codes']);

/** Parameters threads.md documents beyond the collection, with where it says so. */
const FACTS_ADDITIONS: Array<{ key: string; parameter: string; rule: ParameterRule; source: string }> = [
  {
    key: 'POST user/threads',
    parameter: 'allowlisted_country_codes',
    rule: { list: true },
    source: 'threads.md, Organic targeting (geo only)',
  },
  ...['limit', 'before', 'after'].flatMap((parameter) =>
    ['GET media/replies', 'GET media/conversation'].map((key) => ({
      key,
      parameter,
      rule: { list: false },
      source: 'threads.md, Reading engagement (replies are listed page by page)',
    })),
  ),
  ...['since', 'until'].map((parameter) => ({
    key: 'GET user/threads_insights',
    parameter,
    rule: { list: false },
    source: 'threads.md, Metrics (since/until from 2024-04-13)',
  })),
];

/** Operations that read media objects (posts and replies alike): each takes every media field. */
const MEDIA_READS = [
  'GET media',
  'GET user/threads',
  'GET media/replies',
  'GET media/conversation',
  'GET user/replies',
];

export class CollectionCatalog {
  readonly operations = new Map<string, CatalogOperation>();

  constructor(readonly collection: PostmanCollection) {
    const variables = new Map(collection.variable.map((variable) => [variable.key, variable.value ?? '']));
    for (const { name, request } of flatten(collection.item)) {
      const shape = operationShape(request.url.path ?? []);
      const key = `${request.method} ${shape.node}${shape.edge ? `/${shape.edge}` : ''}`;
      const operation = this.operations.get(key) ?? {
        key,
        method: request.method,
        ...shape,
        names: [],
        parameters: new Map<string, ParameterRule>(),
      };
      operation.names.push(name);
      for (const query of request.url.query ?? []) {
        if (query.key === 'access_token') continue;
        const values = allowedValues(query, variables);
        const known = operation.parameters.get(query.key);
        const merged = mergeValues(known?.values, values);
        operation.parameters.set(query.key, {
          list: LIST_PARAMETERS.has(query.key),
          ...(merged ? { values: merged } : {}),
        });
      }
      this.operations.set(key, operation);
    }
    // Posts and replies are the same node type, so a field the collection lists for one is a field
    // of both: the union of every media read's field list applies to each.
    const mediaFields = mergeValues(
      undefined,
      MEDIA_READS.flatMap((key) => this.operations.get(key)?.parameters.get('fields')?.values ?? []),
    );
    for (const key of MEDIA_READS) {
      this.operations
        .get(key)
        ?.parameters.set('fields', { list: true, ...(mediaFields ? { values: mediaFields } : {}) });
    }
    for (const addition of FACTS_ADDITIONS) {
      const operation = this.operations.get(addition.key);
      if (!operation) throw new Error(`threads.md adds to ${addition.key}, which the collection does not have`);
      if (!operation.parameters.has(addition.parameter)) operation.parameters.set(addition.parameter, addition.rule);
    }
  }

  static fromFile(file = DEFAULT_COLLECTION_PATH): CollectionCatalog {
    return new CollectionCatalog(JSON.parse(readFileSync(file, 'utf8')) as PostmanCollection);
  }

  find(method: string, node: NodeKind, edge: string): CatalogOperation | undefined {
    return this.operations.get(`${method} ${node}${edge ? `/${edge}` : ''}`);
  }

  /** The values a collection variable lists (`metrics_post`, `fields_threads`). */
  variableList(name: string): string[] {
    const value = this.collection.variable.find((variable) => variable.key === name)?.value ?? '';
    return splitTopLevel(value);
  }
}

function* flatten(items: PostmanItem[]): Generator<{ name: string; request: PostmanRequest }> {
  for (const item of items) {
    if (item.item) yield* flatten(item.item);
    else if (item.request) yield { name: item.name, request: item.request };
  }
}

const NODE_VARIABLES: Record<string, NodeKind> = {
  '{{user_id}}': 'user',
  me: 'user',
  '{{thread_id}}': 'media',
  '{{reply_thread_id}}': 'media',
  '{{container_id}}': 'container',
  '{{location_id}}': 'location',
};

function operationShape(segments: string[]): { node: NodeKind; edge: string } {
  const parts = segments.filter((segment) => segment !== '');
  const node = NODE_VARIABLES[parts[0] ?? ''];
  if (node) return { node, edge: parts.slice(1).join('/') };
  return { node: 'root', edge: parts.join('/') };
}

/**
 * The values a parameter may take: the list in the variable its value names (`{{reply_control}}`),
 * else the list in a variable of its own name (`media_type`), else none (free values).
 */
function allowedValues(query: PostmanQuery, variables: Map<string, string>): string[] | undefined {
  const referenced = /^\{\{(\w+)\}\}$/.exec(query.value ?? '')?.[1];
  for (const name of [referenced, query.key]) {
    const value = name ? variables.get(name) : undefined;
    if (value?.includes(',')) return splitTopLevel(value);
  }
  return undefined;
}

function mergeValues(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined {
  if (!a && !b) return undefined;
  return [...new Set([...(a ?? []), ...(b ?? [])])];
}

/** Splits `a,b{c,d},e` at the commas outside braces (field lists nest sub-fields in braces). */
export function splitTopLevel(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value) {
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts.filter(Boolean);
}

/** The field's name without its sub-field list: `poll_attachment{option_a}` → `poll_attachment`. */
export function fieldName(field: string): string {
  const brace = field.indexOf('{');
  return (brace === -1 ? field : field.slice(0, brace)).trim();
}
