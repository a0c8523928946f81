import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/**
 * Cuts Meta's bundled node specs (facebook-business-sdk-codegen, api_specs/specs) down to the nodes the
 * Facebook and Instagram emulator serves, with the enum types their parameters name:
 *
 *   npx tsx sandbox/facebook/extract-graph-specs.ts --from ../shared/platforms/openapi/meta-graph-api-specs.json
 *
 * The nodes are copied unchanged; only unrelated nodes and enums are left out.
 */
const NODES = ['Page', 'PagePost', 'Comment', 'Photo', 'AdVideo', 'User', 'IGUser', 'IGMedia', 'IGComment'];

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string', default: new URL('./graph-specs.json', import.meta.url).pathname },
  },
});
if (!values.from) throw new Error('--from <meta-graph-api-specs.json> is required');

interface Bundle {
  _bundle: Record<string, unknown>;
  graph_api_version: string;
  enum_types: Array<{ name: string; values: string[] }>;
  specs: Record<string, { apis: Array<{ params?: Array<{ type: string }> }>; fields: unknown[] }>;
}

const bundle = JSON.parse(readFileSync(values.from, 'utf8')) as Bundle;
const specs = Object.fromEntries(
  NODES.map((node) => {
    const spec = bundle.specs[node];
    if (!spec) throw new Error(`the bundle has no ${node} node`);
    return [node, spec];
  }),
);
const namedTypes = new Set(
  Object.values(specs).flatMap((spec) =>
    spec.apis.flatMap((api) => (api.params ?? []).map((param) => param.type.replace(/^list<(.+)>$/, '$1'))),
  ),
);
const enumTypes = bundle.enum_types.filter((entry) => namedTypes.has(entry.name));
writeFileSync(
  values.to,
  `${JSON.stringify({ _bundle: { ...bundle._bundle, nodes: NODES }, graph_api_version: bundle.graph_api_version, enum_types: enumTypes, specs })}\n`,
);
process.stdout.write(`wrote ${NODES.length} nodes and ${enumTypes.length} enum types to ${values.to}\n`);
