import { CrierError } from '../../core/errors.js';
import type { Environment, Network } from '../../core/networks.js';
import type { Connector } from './connector.js';

/** The connectors this Crier instance can use, by network and environment. */
export class ConnectorRegistry {
  private readonly connectors = new Map<string, Connector>();

  register(connector: Connector): this {
    const key = keyOf(connector.network, connector.environment);
    if (this.connectors.has(key)) throw new Error(`connector ${key} is registered twice`);
    this.connectors.set(key, connector);
    return this;
  }

  find(network: Network, environment: Environment): Connector | undefined {
    return this.connectors.get(keyOf(network, environment));
  }

  get(network: Network, environment: Environment): Connector {
    const connector = this.find(network, environment);
    if (!connector) {
      throw new CrierError('invalid_input', `No ${environment} connector for ${network} is configured on this Crier`, {
        details: { network, environment },
      });
    }
    return connector;
  }

  list(): Connector[] {
    return [...this.connectors.values()];
  }
}

function keyOf(network: Network, environment: Environment): string {
  return `${network}:${environment}`;
}
