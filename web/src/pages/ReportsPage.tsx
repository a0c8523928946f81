import {
  Alert,
  Card,
  Group,
  Loader,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { REPORT_GROUPS, type ReportGroup, type TopEntry, useCampaigns, useLinkReport } from '../api/reports';
import { useLocaleZone, useWorkspace } from '../workspace';
import { SeriesChart } from './reports/SeriesChart';

const RANGES = ['1', '7', '30', '90'] as const;
type Range = (typeof RANGES)[number];
const DAY_MS = 24 * 60 * 60 * 1000;

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Card padding="md" withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={26} fw={600} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function TopList({
  title,
  entries,
  name,
}: {
  title: string;
  entries: TopEntry[];
  name: (key: string | null) => string;
}) {
  const { t } = useTranslation();
  return (
    <Card padding="md" withBorder>
      <Text fw={600} mb="xs">
        {title}
      </Text>
      {entries.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('reports.nothingYet')}
        </Text>
      )}
      {entries.map((entry) => (
        <Group key={entry.key ?? '-'} justify="space-between" wrap="nowrap">
          <Text size="sm" truncate>
            {name(entry.key)}
          </Text>
          <Text size="sm" fw={500}>
            {entry.clicks}
          </Text>
        </Group>
      ))}
    </Card>
  );
}

/** Tracked links, measured: clicks, visitors, bots and conversions per network, campaign, variant… over time. */
export function ReportsPage() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const { locale, zone } = useLocaleZone();
  const [range, setRange] = useState<Range>('30');
  const [groupBy, setGroupBy] = useState<ReportGroup>('network');
  const [campaign, setCampaign] = useState<string | null>(null);
  const campaigns = useCampaigns(workspace.id);
  // whole minutes, so the query key does not change on every render
  const params = useMemo(() => {
    const to = Math.ceil(Date.now() / 60_000) * 60_000;
    return {
      from: new Date(to - Number(range) * DAY_MS).toISOString(),
      to: new Date(to).toISOString(),
      interval: range === '1' ? ('hour' as const) : ('day' as const),
      timeZone: zone,
      groupBy,
      campaign: campaign ?? undefined,
    };
  }, [range, zone, groupBy, campaign]);
  const report = useLinkReport(workspace.id, params);
  const countryNames = useMemo(() => new Intl.DisplayNames([locale], { type: 'region' }), [locale]);
  const percent = (value: number | null) =>
    value === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  const groupName = (key: string | null, label: string | null) => {
    if (key === null) return t(`reports.noneBy.${groupBy}`);
    if (groupBy === 'network') return t(`networks.${key}` as 'networks.x', { defaultValue: key });
    if (groupBy === 'variant' && label)
      return `${t(`networks.${label}` as 'networks.x', { defaultValue: label })} · ${key.slice(0, 8)}`;
    return (label ?? key).replace(/\s+/g, ' ').slice(0, 80);
  };

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} fz={28}>
          {t('reports.title')}
        </Title>
        <Text c="dimmed" maw={680}>
          {t('reports.subtitle')}
        </Text>
      </div>

      <Group gap="md" align="flex-end" wrap="wrap">
        <Select
          label={t('reports.campaign')}
          placeholder={t('reports.allCampaigns')}
          clearable
          data={(campaigns.data ?? []).map((item) => ({ value: item.slug, label: item.name }))}
          value={campaign}
          onChange={setCampaign}
          w={240}
          data-testid="report-campaign"
        />
        <Select
          label={t('reports.groupBy')}
          data={REPORT_GROUPS.map((group) => ({ value: group, label: t(`reports.groups.${group}`) }))}
          value={groupBy}
          onChange={(value) => setGroupBy((value as ReportGroup | null) ?? 'network')}
          allowDeselect={false}
          w={200}
          data-testid="report-group"
        />
        <SegmentedControl
          value={range}
          onChange={(value) => setRange(value as Range)}
          data={RANGES.map((days) => ({ value: days, label: t(`reports.ranges.${days}`) }))}
          data-testid="report-range"
        />
      </Group>

      {report.isPending && <Loader />}
      {report.isError && (
        <Alert color="red" title={t('reports.loadFailed')}>
          {errorMessage(report.error)}
        </Alert>
      )}
      {report.data && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            <Stat label={t('reports.clicks')} value={String(report.data.totals.clicks)} testId="report-clicks" />
            <Stat
              label={t('reports.visitors')}
              value={String(report.data.totals.uniqueVisitors)}
              testId="report-visitors"
            />
            <Stat label={t('reports.botShare')} value={percent(report.data.totals.botShare)} testId="report-bots" />
            <Stat
              label={t('reports.conversions')}
              value={String(report.data.totals.conversions)}
              testId="report-conversions"
            />
            <Stat
              label={t('reports.conversionRate')}
              value={percent(report.data.totals.conversionRate)}
              testId="report-rate"
            />
          </SimpleGrid>

          <Card padding="md" withBorder>
            <Text fw={600} mb="xs">
              {t(report.data.interval === 'hour' ? 'reports.perHour' : 'reports.perDay')}
            </Text>
            <SeriesChart report={report.data} locale={locale} />
            <Text size="xs" c="dimmed" mt="xs">
              {t('reports.legend')}
            </Text>
          </Card>

          <Card padding="md" withBorder>
            <Table striped data-testid="report-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t(`reports.groups.${groupBy}`)}</Table.Th>
                  <Table.Th ta="right">{t('reports.clicks')}</Table.Th>
                  <Table.Th ta="right">{t('reports.visitors')}</Table.Th>
                  <Table.Th ta="right">{t('reports.bots')}</Table.Th>
                  <Table.Th ta="right">{t('reports.conversions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.groups.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Text c="dimmed" ta="center" py="md">
                        {t('reports.empty')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {report.data.groups.map((group) => (
                  <Table.Tr key={group.key ?? '-'}>
                    <Table.Td>{groupName(group.key, group.label)}</Table.Td>
                    <Table.Td ta="right">{group.clicks}</Table.Td>
                    <Table.Td ta="right">{group.uniqueVisitors}</Table.Td>
                    <Table.Td ta="right">{group.botClicks}</Table.Td>
                    <Table.Td ta="right">{group.conversions}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>

          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <TopList
              title={t('reports.countries')}
              entries={report.data.countries}
              name={(key) => (key ? (countryNames.of(key) ?? key) : t('reports.unknown'))}
            />
            <TopList
              title={t('reports.referrers')}
              entries={report.data.referrers}
              name={(key) => key ?? t('reports.direct')}
            />
            <TopList
              title={t('reports.devices')}
              entries={report.data.devices}
              name={(key) =>
                t(`reports.deviceKinds.${key ?? 'other'}` as 'reports.deviceKinds.other', { defaultValue: key ?? '' })
              }
            />
            <TopList
              title={t('reports.browsers')}
              entries={report.data.browsers}
              name={(key) => key ?? t('reports.unknown')}
            />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
