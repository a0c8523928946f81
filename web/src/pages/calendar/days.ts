import { DateTime } from 'luxon';
import type { Post } from '../../api/types';
import { dayKeyOf } from '../../time';

export const DAYS_BACK = 7;
export const DAYS_AHEAD = 60;
export const STEP_DAYS = 30;

export interface CalendarRange {
  from: string;
  to: string;
  /** Last day shown, for the label. */
  lastDay: string;
}

/** The window shown: 7 days back to 60 days ahead of today, moved by `step` × 30 days. */
export function rangeFor(step: number, zone: string): CalendarRange {
  const today = DateTime.now()
    .setZone(zone)
    .startOf('day')
    .plus({ days: step * STEP_DAYS });
  const from = today.minus({ days: DAYS_BACK });
  const to = today.plus({ days: DAYS_AHEAD + 1 });
  return {
    from: from.toUTC().toISO() ?? '',
    to: to.toUTC().toISO() ?? '',
    lastDay: to.minus({ days: 1 }).toISO() ?? '',
  };
}

/** When a post goes out: its scheduled time, else its earliest publication's due time. */
export function dueOf(post: Post): string | null {
  if (post.scheduledAt) return post.scheduledAt;
  const dues = post.publications.map((publication) => publication.dueAt).filter((due): due is string => !!due);
  dues.sort((a, b) => Date.parse(a) - Date.parse(b));
  return dues[0] ?? null;
}

export interface DayGroup {
  day: string;
  posts: Post[];
}

/** Drafts (no due time) on their own, then the rest by calendar day in the person's zone, in time order. */
export function groupByDay(posts: Post[], zone: string): { drafts: Post[]; days: DayGroup[] } {
  const drafts: Post[] = [];
  const byDay = new Map<string, Post[]>();
  const dated = posts
    .map((post) => ({ post, due: dueOf(post) }))
    .sort((a, b) => (a.due ? Date.parse(a.due) : 0) - (b.due ? Date.parse(b.due) : 0));
  for (const { post, due } of dated) {
    if (!due) {
      drafts.push(post);
      continue;
    }
    const day = dayKeyOf(due, zone);
    const list = byDay.get(day);
    if (list) list.push(post);
    else byDay.set(day, [post]);
  }
  const days = [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => ({ day, posts: list }));
  return { drafts, days };
}
