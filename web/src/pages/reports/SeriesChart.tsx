import { Box, Group, Text } from '@mantine/core';
import { DateTime } from 'luxon';
import { useTranslation } from 'react-i18next';
import type { LinkReport } from '../../api/reports';

const HEIGHT = 140;

/** Clicks per hour or day as bars, conversions as dots: enough to see a launch day, no chart library. */
export function SeriesChart({ report, locale }: { report: LinkReport; locale: string }) {
  const { t } = useTranslation();
  const points = report.series;
  const peak = Math.max(1, ...points.map((point) => point.clicks + point.botClicks));
  const width = 100 / Math.max(points.length, 1);
  const label = (iso: string) =>
    DateTime.fromISO(iso)
      .setZone(report.timeZone)
      .setLocale(locale)
      .toLocaleString(report.interval === 'hour' ? DateTime.TIME_SIMPLE : { month: 'short', day: 'numeric' });
  const first = points[0];
  const last = points[points.length - 1];

  return (
    <Box>
      <svg
        width="100%"
        height={HEIGHT}
        viewBox={`0 0 100 ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('reports.chartLabel')}
        data-testid="report-chart"
      >
        {points.map((point, index) => {
          const human = (point.clicks / peak) * (HEIGHT - 4);
          const bots = (point.botClicks / peak) * (HEIGHT - 4);
          return (
            <g key={point.start}>
              <title>{`${label(point.start)}: ${t('reports.clicksCount', { count: point.clicks })}, ${t('reports.botsCount', { count: point.botClicks })}, ${t('reports.conversionsCount', { count: point.conversions })}`}</title>
              <rect
                x={index * width + width * 0.1}
                y={HEIGHT - human}
                width={width * 0.8}
                height={human}
                fill="var(--mantine-color-indigo-5)"
              />
              <rect
                x={index * width + width * 0.1}
                y={HEIGHT - human - bots}
                width={width * 0.8}
                height={bots}
                fill="var(--mantine-color-gray-4)"
              />
              {point.conversions > 0 && (
                <rect
                  x={index * width + width * 0.1}
                  y={0}
                  width={width * 0.8}
                  height={3}
                  fill="var(--mantine-color-teal-6)"
                />
              )}
            </g>
          );
        })}
      </svg>
      {first && last && (
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {label(first.start)}
          </Text>
          <Text size="xs" c="dimmed">
            {label(last.start)}
          </Text>
        </Group>
      )}
    </Box>
  );
}
