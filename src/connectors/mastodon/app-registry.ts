import { ConnectorError } from '../kit/errors.js';
import { classifyFailure, NETWORK_NAME, nothingPublished } from './errors.js';
import { mastoFor } from './instance.js';

/** Crier's registration as an app on one instance (POST /api/v1/apps). */
export interface InstanceApp {
  clientId: string;
  clientSecret: string;
}

/**
 * Where app registrations are kept between connections, keyed by instance origin and redirect URI.
 * The default keeps them in memory: a registration lost to a restart only means Crier registers
 * again on that instance the next time someone connects. Accounts keep their own copy in their
 * encrypted credentials, so nothing connected depends on this store.
 */
export interface InstanceAppStore {
  find(key: string): Promise<InstanceApp | undefined>;
  save(key: string, app: InstanceApp): Promise<void>;
}

export function memoryAppStore(): InstanceAppStore {
  const apps = new Map<string, InstanceApp>();
  return {
    find: async (key) => apps.get(key),
    save: async (key, app) => {
      apps.set(key, app);
    },
  };
}

export interface AppRegistration {
  clientName: string;
  website: string | undefined;
  scopes: readonly string[];
  timeoutMs: number;
  now: () => number;
}

/** The instance's registration of Crier for this callback, registering once per instance. */
export async function appFor(
  store: InstanceAppStore,
  origin: string,
  redirectUri: string,
  registration: AppRegistration,
): Promise<InstanceApp> {
  const key = `${origin} ${redirectUri}`;
  const known = await store.find(key);
  if (known) return known;
  const masto = mastoFor({ timeoutMs: registration.timeoutMs }, origin);
  let created: { clientId?: string | null; clientSecret?: string | null };
  try {
    created = await masto.call((client) =>
      client.v1.apps.create({
        clientName: registration.clientName,
        redirectUris: [redirectUri],
        scopes: registration.scopes.join(' '),
        website: registration.website,
      }),
    );
  } catch (error) {
    throw nothingPublished(classifyFailure(error, 'registering Crier with the instance', registration.now()));
  }
  if (!created.clientId || !created.clientSecret) {
    throw new ConnectorError('transient', `${NETWORK_NAME} answered the app registration without a client id`);
  }
  const app = { clientId: created.clientId, clientSecret: created.clientSecret };
  await store.save(key, app);
  return app;
}
