import { Alert, Button, Card, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { useSegments } from '../api/segments';
import { Link } from '../router';
import { useWorkspace } from '../workspace';
import { SegmentForm } from './segments/SegmentForm';
import { SegmentList } from './segments/SegmentList';

/** The workspace's audiences: defined here, chosen per variant in the composer. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const segments = useSegments(workspace.id);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz={28}>
            {t('segments.title')}
          </Title>
          <Text c="dimmed" maw={680}>
            {t('segments.subtitle')}
          </Text>
        </div>
        {segments.data && segments.data.length > 0 && (
          <Button component={Link} href="/compose" variant="light">
            {t('segments.composeCta')}
          </Button>
        )}
      </Group>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="sm">
            <Title order={2} fz={18}>
              {t('segments.listTitle')}
            </Title>
            {segments.isPending && <Loader size="sm" />}
            {segments.isError && (
              <Alert color="red" title={t('segments.loadFailed')}>
                {errorMessage(segments.error)}
              </Alert>
            )}
            {segments.data?.length === 0 && (
              <Card padding="lg" bg="gray.0" style={{ borderStyle: 'dashed' }} data-testid="segments-empty">
                <Text c="dimmed" ta="center">
                  {t('segments.empty')}
                </Text>
              </Card>
            )}
            {segments.data && segments.data.length > 0 && <SegmentList segments={segments.data} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <SegmentForm />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
