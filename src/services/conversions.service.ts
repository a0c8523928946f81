import { randomUUID } from 'node:crypto';
import { invalidInput } from '../core/errors.js';
import type { ClicksRepository } from '../store/repositories/clicks.repository.js';
import type { Clock } from './clock.js';

const CLICK_ID = /^[A-Za-z0-9_-]{8,64}$/;
const GOAL = /^[A-Za-z0-9_.:-]{1,64}$/;
const CURRENCY = /^[A-Z]{3}$/;

export interface ConversionInput {
  clickId: string;
  goal: string;
  value?: number | null;
  currency?: string | null;
}

/**
 * Goals reached on the organization's site, reported by its pages with the click id the redirect
 * handed them. A conversion is attributed through its click when reports are read, so one reported
 * before its click's batch is written still counts.
 */
export class ConversionsService {
  constructor(
    private readonly clicks: ClicksRepository,
    private readonly clock: Clock,
  ) {}

  /** False when this click already reached this goal. */
  async record(input: ConversionInput): Promise<boolean> {
    if (!CLICK_ID.test(input.clickId)) throw invalidInput('clickId is not a Crier click id', { field: 'clickId' });
    if (!GOAL.test(input.goal)) {
      throw invalidInput('A goal is 1 to 64 letters, digits, `_`, `.`, `:` or `-`, e.g. test_drive_booked', {
        field: 'goal',
      });
    }
    const value = input.value ?? null;
    if (value !== null && !Number.isFinite(value)) throw invalidInput('value must be a number', { field: 'value' });
    const currency = input.currency?.toUpperCase() ?? null;
    if (currency !== null && !CURRENCY.test(currency)) {
      throw invalidInput('currency is a three-letter ISO 4217 code, e.g. JPY', { field: 'currency' });
    }
    return this.clicks.insertConversion({
      id: randomUUID(),
      clickId: input.clickId,
      goal: input.goal,
      value,
      currency,
      at: this.clock.now(),
    });
  }
}
