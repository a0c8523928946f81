// Copies the data files the compiled server reads beside its modules (tsc copies only code).
import fs from 'node:fs';

const assets = ['sandbox/x/x-openapi.json', 'sandbox/facebook/graph-specs.json'];
for (const asset of assets) {
  fs.mkdirSync(`dist/${asset.slice(0, asset.lastIndexOf('/'))}`, { recursive: true });
  fs.copyFileSync(asset, `dist/${asset}`);
}
