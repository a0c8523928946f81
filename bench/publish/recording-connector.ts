import type { Connector } from '../../src/connectors/kit/connector.js';

/** One call of a connector's publish: which publication, and when the call started (epoch ms). */
export interface PublishCall {
  publicationId: string;
  startedAt: number;
}

/**
 * The real connector, with the start of every publish call noted. Lateness is measured from here:
 * the moment Crier hands the post to the network's client, minus the moment it was due.
 */
export function recordingConnector(inner: Connector, record: (call: PublishCall) => void): Connector {
  return {
    ...inner,
    publish(session, request) {
      record({ publicationId: request.publicationId, startedAt: Date.now() });
      return inner.publish(session, request);
    },
  };
}
