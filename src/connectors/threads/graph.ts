import type { AccountSession } from '../kit/connector.js';
import { ConnectorError } from '../kit/errors.js';
import { callGraph, type GraphTransport, stringField } from '../meta/graph-client.js';
import { type ProcessingWait, pollUntilDone } from '../meta/processing.js';
import { NETWORK_NAME } from './credentials.js';
import type { ThreadsOAuth } from './oauth.js';
import { ThreadsSessionTokens } from './session-tokens.js';

/** What every Threads call needs: the Graph transport (`…/v1.0`), OAuth for renewals, where people look. */
export interface ThreadsContext {
  transport: GraphTransport;
  oauth: ThreadsOAuth;
  webUrl: string;
  containerWait: ProcessingWait;
}

/** One account's Graph calls during one operation, with its token kept valid. */
export class ThreadsCaller {
  readonly tokens: ThreadsSessionTokens;

  constructor(
    readonly context: ThreadsContext,
    session: AccountSession,
  ) {
    this.tokens = new ThreadsSessionTokens(session, context.oauth, context.webUrl, context.transport.now);
  }

  get userId(): string {
    return this.tokens.current.userId;
  }

  call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    params: Record<string, string | undefined>,
    action: string,
  ): Promise<Record<string, unknown>> {
    return this.tokens.run((accessToken) =>
      callGraph(this.context.transport, { method, path, accessToken, params, action }),
    );
  }

  /**
   * Creates a media container and waits until Threads has fetched and processed its media. Never
   * waits forever: a container stuck IN_PROGRESS ends as a transient failure, one in ERROR as a
   * refusal with Threads' own reason (`INVALID_ASPEC_RATIO`, `FAILED_DOWNLOADING_VIDEO`…).
   */
  async container(params: Record<string, string | undefined>, what: string): Promise<string> {
    const created = await this.call('POST', `/${this.userId}/threads`, params, `creating the container for ${what}`);
    const id = stringField(created, 'id');
    if (!id) throw new ConnectorError('transient', `${NETWORK_NAME} created the container for ${what} but named no id`);
    const waited = await pollUntilDone(this.context.containerWait, this.context.transport.now, async () => {
      const status = await this.call(
        'GET',
        `/${id}`,
        { fields: 'id,status,error_message' },
        `checking the container for ${what}`,
      );
      const state = stringField(status, 'status') ?? 'UNKNOWN';
      if (state === 'FINISHED') return { done: true, value: undefined };
      if (state === 'ERROR') {
        const reason = stringField(status, 'error_message') ?? 'UNKNOWN';
        throw new ConnectorError('invalid_content', `${NETWORK_NAME} could not process ${what}: ${reason}`, {
          networkMessage: reason,
          networkCode: 'ERROR',
        });
      }
      if (state === 'EXPIRED' || state === 'PUBLISHED') {
        throw new ConnectorError(
          'transient',
          `${NETWORK_NAME}'s container for ${what} is ${state}; the next attempt makes a new one`,
          {
            networkCode: state,
          },
        );
      }
      return { done: false, state };
    });
    if ('timedOut' in waited) {
      const seconds = Math.round(this.context.containerWait.maxWaitMs / 1000);
      throw new ConnectorError(
        'transient',
        `${NETWORK_NAME} was still processing ${what} (${waited.lastState}) after ${seconds} s; nothing was published, the next attempt starts again`,
        { networkMessage: waited.lastState, networkCode: waited.lastState },
      );
    }
    return id;
  }

  /** Publishes a finished container: the one call that may publish, made once. */
  async publishContainer(containerId: string, what: string): Promise<string> {
    const published = await this.call(
      'POST',
      `/${this.userId}/threads_publish`,
      { creation_id: containerId },
      `publishing ${what}`,
    );
    const id = stringField(published, 'id');
    if (!id) {
      throw new ConnectorError('unknown_outcome', `${NETWORK_NAME} accepted ${what} but named no post id`, {
        networkMessage: JSON.stringify(published).slice(0, 300),
      });
    }
    return id;
  }

  /** The post's permalink; the profile when Threads does not say (the post exists either way). */
  async permalinkOf(mediaId: string): Promise<string> {
    const profile = `${this.context.webUrl}/@${this.tokens.current.username}`;
    try {
      const read = await this.call('GET', `/${mediaId}`, { fields: 'permalink' }, 'reading the permalink');
      return stringField(read, 'permalink') ?? profile;
    } catch (error) {
      // The post is published; failing now would make Crier try again and post twice.
      if (error instanceof ConnectorError) return profile;
      throw error;
    }
  }
}
