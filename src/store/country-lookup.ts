import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Country of an IP address, from the GeoLite2 data that geoip-lite ships in its npm package. */
export interface CountryLookup {
  country(address: string | undefined): string | null;
}

const COUNTRY_FILES = ['geoip-country.dat', 'geoip-country6.dat'];

interface GeoipLite {
  lookup(address: string): { country: string } | null;
}

let loaded: GeoipLite | undefined;

/**
 * geoip-lite loads its city database (≈150 MB in memory) when the city files sit beside the country
 * files. Crier needs only countries, so it points geoip-lite at a folder of the data directory that
 * links to the two country files alone (≈15 MB). geoip-lite reads that folder from a global set
 * before it is first loaded; the module is loaded once per process.
 */
export function openCountryLookup(dataDir: string): CountryLookup {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const packageData = path.join(path.dirname(require.resolve('geoip-lite/package.json')), 'data');
    const folder = path.join(dataDir, 'geoip');
    fs.mkdirSync(folder, { recursive: true });
    for (const file of COUNTRY_FILES) {
      const link = path.join(folder, file);
      // made anew each start: an earlier link may point into a node_modules that has moved
      fs.rmSync(link, { force: true });
      try {
        fs.symlinkSync(path.join(packageData, file), link);
      } catch (error) {
        // file systems without symbolic links get a copy
        if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
        fs.copyFileSync(path.join(packageData, file), link);
      }
    }
    (globalThis as { geodatadir?: string }).geodatadir = folder;
    loaded = require('geoip-lite') as GeoipLite;
  }
  const geoip = loaded;
  return {
    country(address) {
      if (!address) return null;
      return geoip.lookup(address)?.country || null;
    },
  };
}
