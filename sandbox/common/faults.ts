import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The X emulator's fault switches are network-neutral (rate limit, server error, timeout, 401 for the
 * next matching requests, latency, expired tokens); every emulator shares them under a neutral name.
 */
export {
  type ActiveFault,
  type FaultScope,
  type FaultSpec,
  type FaultsView,
  matchesPathPattern,
  XFaults as EmulatorFaults,
} from '../x/faults.js';

/**
 * Holds requests open for the timeout fault. `now` hangs without processing (the client times out and
 * nothing happened); `afterProcessing` lets the handler run and swallows only the answer, which is
 * the case a connector must report as an unknown outcome.
 */
export class Hangs {
  private readonly releases = new Set<() => void>();
  private readonly afterProcessing = new WeakSet<FastifyRequest>();

  register(app: FastifyInstance): void {
    app.addHook('onSend', async (request, _reply, payload) => {
      if (this.afterProcessing.has(request)) await this.waitUntilClosed(request.raw.socket);
      return payload;
    });
    app.addHook('preClose', async () => {
      for (const release of this.releases) release();
    });
  }

  async now(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    await this.waitUntilClosed(request.raw.socket);
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }

  afterHandling(request: FastifyRequest): void {
    this.afterProcessing.add(request);
  }

  private waitUntilClosed(socket: Socket): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        this.releases.delete(release);
        socket.destroy();
        resolve();
      };
      this.releases.add(release);
      socket.once('close', release);
    });
  }
}
