import { CrierError } from '../../core/errors.js';
import type { Environment, Network } from '../../core/networks.js';
import type { Connector, ManualNetwork, NetworkRules } from './connector.js';

/**
 * The networks this Crier offers, by network and environment: connectors, which post through the
 * network's API, and manual networks, for which Crier prepares posts a person makes by hand. A network
 * and environment has one or the other, never both.
 */
export class ConnectorRegistry {
  private readonly connectors = new Map<string, Connector>();
  private readonly manualNetworks = new Map<string, ManualNetwork>();

  register(connector: Connector): this {
    const key = this.freeKey(connector);
    this.connectors.set(key, connector);
    return this;
  }

  registerManual(manual: ManualNetwork): this {
    const key = this.freeKey(manual);
    this.manualNetworks.set(key, manual);
    return this;
  }

  find(network: Network, environment: Environment): Connector | undefined {
    return this.connectors.get(keyOf(network, environment));
  }

  get(network: Network, environment: Environment): Connector {
    const connector = this.find(network, environment);
    if (!connector) {
      const manual = this.findManual(network, environment);
      const message = manual
        ? `${manual.displayName} is posted by hand in this Crier: ${manual.manual.reason}`
        : `No ${environment} connector for ${network} is configured on this Crier`;
      throw new CrierError('invalid_input', message, { details: { network, environment } });
    }
    return connector;
  }

  list(): Connector[] {
    return [...this.connectors.values()];
  }

  findManual(network: Network, environment: Environment): ManualNetwork | undefined {
    return this.manualNetworks.get(keyOf(network, environment));
  }

  listManual(): ManualNetwork[] {
    return [...this.manualNetworks.values()];
  }

  /** What validates and names the network, whichever way its posts go out. */
  findRules(network: Network, environment: Environment): NetworkRules | undefined {
    return this.find(network, environment) ?? this.findManual(network, environment);
  }

  rulesFor(network: Network, environment: Environment): NetworkRules {
    const rules = this.findRules(network, environment);
    if (!rules) {
      throw new CrierError('invalid_input', `${network} (${environment}) is not offered by this Crier`, {
        details: { network, environment },
      });
    }
    return rules;
  }

  private freeKey(entry: NetworkRules): string {
    const key = keyOf(entry.network, entry.environment);
    if (this.connectors.has(key) || this.manualNetworks.has(key)) throw new Error(`network ${key} is registered twice`);
    return key;
  }
}

function keyOf(network: Network, environment: Environment): string {
  return `${network}:${environment}`;
}
