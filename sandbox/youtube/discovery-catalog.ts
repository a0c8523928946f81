import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The copy of Google's discovery document for YouTube Data API v3 beside this file. */
export const DEFAULT_DISCOVERY_PATH = fileURLToPath(new URL('./youtube-v3-discovery.json', import.meta.url));

/** A parameter as the discovery format describes it (a JSON-schema dialect plus `location`). */
export interface DiscoveryParameter {
  type: 'string' | 'integer' | 'boolean' | 'number';
  location: 'query' | 'path';
  required?: boolean;
  repeated?: boolean;
  enum?: string[];
  minimum?: string;
  maximum?: string;
  format?: string;
}

export type DiscoverySchema = Record<string, unknown>;

interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  path: string;
  parameters?: Record<string, DiscoveryParameter>;
  request?: { $ref: string };
  response?: { $ref: string };
  scopes?: string[];
  mediaUpload?: {
    accept: string[];
    maxSize: string;
    protocols: Record<'simple' | 'resumable', { path: string }>;
  };
}

interface DiscoveryResource {
  methods?: Record<string, DiscoveryMethod>;
  resources?: Record<string, DiscoveryResource>;
}

export interface DiscoveryDocument {
  id: string;
  revision: string;
  servicePath: string;
  parameters: Record<string, DiscoveryParameter>;
  resources: Record<string, DiscoveryResource>;
  schemas: Record<string, DiscoverySchema>;
  auth: { oauth2: { scopes: Record<string, { description: string }> } };
}

/** One method of the API (`youtube.videos.insert`), as the emulator routes and checks it. */
export interface ApiMethod {
  id: string;
  httpMethod: string;
  /** `youtube/v3/videos`: relative to the root, no leading slash. */
  path: string;
  parameters: Record<string, DiscoveryParameter>;
  requestSchema: string | undefined;
  responseSchema: string | undefined;
  scopes: string[];
  media: { accept: string[]; maxBytes: number; simplePath: string; resumablePath: string } | undefined;
  /** Values `part` may take: the response resource's top-level properties. Empty when there is no `part`. */
  parts: ReadonlySet<string>;
}

export interface MethodMatch {
  method: ApiMethod;
  /** Which door the request came through: the metadata path or one of the media upload paths. */
  via: 'api' | 'upload';
  pathParams: Record<string, string>;
}

/** Properties every resource has that are not parts. */
const NOT_PARTS = new Set(['kind', 'etag']);

/**
 * Google's discovery document for YouTube, walked once: every method under `resources` (nested too)
 * with its HTTP method, path, parameters, request and response schemas, scopes and media-upload paths.
 */
export class DiscoveryCatalog {
  readonly methods: ApiMethod[] = [];
  private readonly byId = new Map<string, ApiMethod>();

  private constructor(readonly document: DiscoveryDocument) {
    const walk = (resources: Record<string, DiscoveryResource>) => {
      for (const resource of Object.values(resources)) {
        for (const method of Object.values(resource.methods ?? {})) this.add(method);
        if (resource.resources) walk(resource.resources);
      }
    };
    walk(document.resources);
  }

  static fromFile(file: string): DiscoveryCatalog {
    return new DiscoveryCatalog(JSON.parse(readFileSync(file, 'utf8')) as DiscoveryDocument);
  }

  get revision(): string {
    return this.document.revision;
  }

  get scopes(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.document.auth.oauth2.scopes).map(([scope, { description }]) => [scope, description]),
    );
  }

  method(id: string): ApiMethod {
    const found = this.byId.get(id);
    if (!found) throw new Error(`the discovery document has no method ${id}`);
    return found;
  }

  /** Finds the method for a request path (without query), through the API or a media-upload path. */
  match(httpMethod: string, path: string): MethodMatch | undefined {
    const verb = httpMethod.toUpperCase();
    for (const method of this.methods) {
      if (method.httpMethod !== verb) continue;
      const direct = matchTemplate(method.path, path.replace(/^\//, ''));
      if (direct) return { method, via: 'api', pathParams: direct };
      if (method.media) {
        for (const template of [method.media.simplePath, method.media.resumablePath]) {
          const upload = matchTemplate(template.replace(/^\//, ''), path.replace(/^\//, ''));
          if (upload) return { method, via: 'upload', pathParams: upload };
        }
      }
    }
    return undefined;
  }

  private add(raw: DiscoveryMethod): void {
    const responseSchema = raw.response?.$ref;
    const method: ApiMethod = {
      id: raw.id,
      httpMethod: raw.httpMethod.toUpperCase(),
      path: raw.path,
      parameters: raw.parameters ?? {},
      requestSchema: raw.request?.$ref,
      responseSchema,
      scopes: raw.scopes ?? [],
      media: raw.mediaUpload && {
        accept: raw.mediaUpload.accept,
        maxBytes: Number(raw.mediaUpload.maxSize),
        simplePath: raw.mediaUpload.protocols.simple.path,
        resumablePath: raw.mediaUpload.protocols.resumable.path,
      },
      parts: raw.parameters?.part ? this.partsOf(responseSchema) : new Set(),
    };
    this.methods.push(method);
    this.byId.set(method.id, method);
  }

  /** A list response's parts are those of its items; a resource's are its own top-level properties. */
  private partsOf(schemaName: string | undefined): Set<string> {
    const schema = schemaName ? this.document.schemas[schemaName] : undefined;
    const properties = (schema?.properties ?? {}) as Record<string, { items?: { $ref?: string } }>;
    const itemsRef = schemaName?.endsWith('ListResponse') ? properties.items?.items?.$ref : undefined;
    if (itemsRef) return this.partsOf(itemsRef);
    return new Set(Object.keys(properties).filter((name) => !NOT_PARTS.has(name)));
  }
}

/** Matches `youtube/v3/videos` or a template with `{param}` / `{+param}` segments. */
function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const wanted = template.split('/');
  const actual = path.split('/');
  if (wanted.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = actual[index] ?? '';
    const variable = /^\{\+?([^}]+)\}$/.exec(part);
    if (variable?.[1]) {
      if (value === '') return undefined;
      params[variable[1]] = decodeURIComponent(value);
    } else if (part !== value) {
      return undefined;
    }
  }
  return params;
}
