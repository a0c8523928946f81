import { Alert, Badge, Button, Card, EmptyState, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccounts } from '../api/accounts';
import { errorMessage } from '../api/client';
import { usePosts } from '../api/posts';
import { Link } from '../router';
import { formatDate, formatDay, todayKey } from '../time';
import { useLocaleZone, useWorkspace } from '../workspace';
import { groupByDay, rangeFor } from './calendar/days';
import { PostCard } from './calendar/PostCard';

function CalendarIcon() {
  return (
    <svg
      width={28}
      height={28}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      aria-hidden="true"
    >
      <rect x="3.5" y="5" width="17" height="15" rx="2" />
      <path d="M3.5 9.5h17M8 3v4M16 3v4" />
    </svg>
  );
}

function EmptyCalendar({ hasAccounts }: { hasAccounts: boolean }) {
  const { t } = useTranslation();
  return (
    <Card padding="xl" data-testid="calendar-empty">
      <EmptyState
        variant="light"
        icon={<CalendarIcon />}
        title={t('calendar.emptyTitle')}
        description={hasAccounts ? t('calendar.emptyWithAccounts') : t('calendar.emptyNoAccounts')}
      >
        <EmptyState.Actions>
          <Group justify="center">
            <Button component={Link} href="/accounts" variant={hasAccounts ? 'default' : 'filled'}>
              {t('calendar.connectCta')}
            </Button>
            <Button component={Link} href="/compose" variant={hasAccounts ? 'filled' : 'default'}>
              {t('calendar.composeCta')}
            </Button>
          </Group>
        </EmptyState.Actions>
      </EmptyState>
    </Card>
  );
}

/** The home: every post in a window of days, grouped by day in the person's time zone. */
export function CalendarPage() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const { locale, zone } = useLocaleZone();
  const [step, setStep] = useState(0);
  const range = useMemo(() => rangeFor(step, zone), [step, zone]);
  const posts = usePosts(workspace.id, range.from, range.to);
  const accounts = useAccounts(workspace.id);
  const grouped = useMemo(() => groupByDay(posts.data ?? [], zone), [posts.data, zone]);
  const today = todayKey(zone);
  const toPostByHand = useMemo(
    () =>
      (posts.data ?? []).flatMap((post) => post.publications).filter((item) => item.state === 'awaiting_manual').length,
    [posts.data],
  );

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1} fz={28}>
            {t('calendar.title')}
          </Title>
          <Text c="dimmed" data-testid="calendar-range">
            {t('calendar.range', {
              from: formatDate(range.from, zone, locale),
              to: formatDate(range.lastDay, zone, locale),
            })}{' '}
            · {zone}
          </Text>
        </div>
        <Group gap="xs">
          <Button variant="default" onClick={() => setStep((value) => value - 1)} data-testid="calendar-previous">
            {t('calendar.previous')}
          </Button>
          <Button variant="default" disabled={step === 0} onClick={() => setStep(0)} data-testid="calendar-today">
            {t('calendar.today')}
          </Button>
          <Button variant="default" onClick={() => setStep((value) => value + 1)} data-testid="calendar-next">
            {t('calendar.next')}
          </Button>
          <Button component={Link} href="/compose">
            {t('calendar.newPost')}
          </Button>
        </Group>
      </Group>

      {toPostByHand > 0 && (
        <Alert color="grape" title={t('manual.reminderTitle', { count: toPostByHand })} data-testid="manual-reminder">
          {t('manual.reminderText')}
        </Alert>
      )}

      {posts.isPending && <Loader />}
      {posts.isError && (
        <Alert color="red" title={t('calendar.loadFailed')}>
          {errorMessage(posts.error)}
        </Alert>
      )}
      {posts.data?.length === 0 && <EmptyCalendar hasAccounts={(accounts.data?.length ?? 0) > 0} />}

      {grouped.drafts.length > 0 && (
        <Stack gap="sm" data-testid="day-drafts">
          <Title order={2} fz={16} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
            {t('calendar.drafts')}
          </Title>
          {grouped.drafts.map((post) => (
            <PostCard key={post.id} post={post} />
          ))}
        </Stack>
      )}

      {grouped.days.map(({ day, posts: dayPosts }) => (
        <Stack gap="sm" key={day} data-testid={`day-${day}`}>
          <Group gap="xs">
            <Title order={2} fz={16}>
              {formatDay(day, zone, locale)}
            </Title>
            {day === today && (
              <Badge variant="light" radius="sm">
                {t('calendar.todayBadge')}
              </Badge>
            )}
          </Group>
          {dayPosts.map((post) => (
            <PostCard key={post.id} post={post} />
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
