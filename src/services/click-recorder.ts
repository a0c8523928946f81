import { hash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { referrerHost, utcDay } from '../core/links/click-facts.js';
import type { ClickRecord } from '../core/links/model.js';
import { classifyUserAgent, type UserAgentFacts } from '../core/links/user-agent.js';
import type { CountryLookup } from '../store/country-lookup.js';
import type { ClicksRepository } from '../store/repositories/clicks.repository.js';
import type { Clock } from './clock.js';

/** A click as the redirect saw it. The address lives in memory until the next flush, never longer. */
export interface RawClick {
  id: string;
  linkId: string;
  workspaceId: string;
  at: number;
  address: string | undefined;
  userAgent: string | undefined;
  referer: string | undefined;
}

export interface ClickRecorderOptions {
  /** Longest time a click waits in memory before its batch is written: the loss bound on a crash. */
  flushMs: number;
  /** A batch this large is written at once, without waiting for the interval. */
  batchSize: number;
  /** Clicks kept while the database refuses writes; beyond this the oldest are dropped, with a warning. */
  maxBuffered: number;
}

const USER_AGENT_CACHE_SIZE = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Clicks per transaction when a batch is written. */
const WRITE_SLICE = 250;

/**
 * Buffers clicks in memory and writes them in batches, so the redirect does no database write of its
 * own. The facts stored (country, referrer host, device, browser, bot, visitor hash) are worked out
 * here at flush time, off the request. `stop()` writes everything still buffered.
 */
export class ClickRecorder {
  private buffer: RawClick[] = [];
  /** Enriched clicks whose write failed, kept for the next flush. */
  private retry: ClickRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private flushSoon = false;
  private readonly userAgents = new Map<string, UserAgentFacts>();
  private readonly salts = new Map<string, string>();

  constructor(
    private readonly clicks: ClicksRepository,
    private readonly countries: CountryLookup,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: ClickRecorderOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  /** The hot path: one array push. */
  record(click: RawClick): void {
    this.buffer.push(click);
    if (this.buffer.length >= this.options.batchSize && !this.flushSoon) {
      this.flushSoon = true;
      setImmediate(() => {
        this.flushSoon = false;
        void this.flush();
      });
    }
  }

  /** Clicks not yet written. */
  pending(): number {
    return this.buffer.length + this.retry.length;
  }

  /** Writes what is buffered; one flush at a time, a call during a flush waits for it and flushes again. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending() === 0) return;
    this.flushing = this.writeBuffered().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  /** Stops the interval and writes every buffered click: nothing recorded before this call is lost. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.pending() > 0) {
      // the database refused the last write: one more try, then say plainly what was lost
      await this.flush();
      if (this.pending() > 0)
        this.logger.error({ lost: this.pending() }, 'clicks could not be written before stopping');
    }
  }

  private async writeBuffered(): Promise<void> {
    const raw = this.buffer;
    this.buffer = [];
    let batch: ClickRecord[];
    try {
      batch = this.retry.concat(await this.enrich(raw));
    } catch (error) {
      // the day's salt could not be read: the clicks go back in line, untouched
      this.buffer = raw.concat(this.buffer).slice(-this.options.maxBuffered);
      this.logger.error({ err: error, clicks: raw.length }, 'preparing clicks failed; keeping them for the next flush');
      return;
    }
    this.retry = [];
    // One transaction per slice, with the event loop free in between: a redirect that arrives during
    // a flush waits for one slice to be written, not for the whole batch.
    for (let start = 0; start < batch.length; start += WRITE_SLICE) {
      try {
        await this.clicks.insertBatch(batch.slice(start, start + WRITE_SLICE));
      } catch (error) {
        const unwritten = batch.slice(start);
        this.retry = unwritten.slice(-this.options.maxBuffered);
        this.logger.error(
          { err: error, clicks: unwritten.length, dropped: unwritten.length - this.retry.length },
          'writing clicks failed; keeping them for the next flush',
        );
        return;
      }
      if (start + WRITE_SLICE < batch.length) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async enrich(raw: RawClick[]): Promise<ClickRecord[]> {
    // by day number: a batch spans one day, rarely two, and formatting a date per click costs more
    const salts = new Map<number, string>();
    for (const click of raw) {
      const day = Math.floor(click.at / DAY_MS);
      if (!salts.has(day)) salts.set(day, await this.saltFor(utcDay(click.at)));
    }
    return raw.map((click) => {
      const agent = this.userAgentFacts(click.userAgent);
      const salt = salts.get(Math.floor(click.at / DAY_MS)) as string;
      return {
        id: click.id,
        workspaceId: click.workspaceId,
        linkId: click.linkId,
        at: click.at,
        country: this.countries.country(click.address),
        referrerHost: referrerHost(click.referer),
        device: agent.device,
        browser: agent.browser,
        isBot: agent.isBot,
        visitorHash: hash(
          'sha256',
          `${salt}\u0000${click.address ?? ''}\u0000${click.userAgent ?? ''}`,
          'base64url',
        ).slice(0, 22),
      };
    });
  }

  private userAgentFacts(userAgent: string | undefined): UserAgentFacts {
    const key = userAgent ?? '';
    let facts = this.userAgents.get(key);
    if (!facts) {
      // user agents repeat a lot; when the cache is full, start over rather than track recency
      if (this.userAgents.size >= USER_AGENT_CACHE_SIZE) this.userAgents.clear();
      facts = classifyUserAgent(userAgent);
      this.userAgents.set(key, facts);
    }
    return facts;
  }

  private async saltFor(day: string): Promise<string> {
    const known = this.salts.get(day);
    if (known) return known;
    const salt = await this.clicks.saltFor(day, randomBytes(32).toString('base64url'), this.clock.now());
    const previousDay = utcDay(Date.parse(`${day}T00:00:00Z`) - 1);
    await this.clicks.deleteSaltsBefore(previousDay);
    for (const cached of this.salts.keys()) if (cached < previousDay) this.salts.delete(cached);
    this.salts.set(day, salt);
    return salt;
  }
}
