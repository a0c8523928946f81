import { Select, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCampaigns } from '../../api/reports';
import { useWorkspace } from '../../workspace';

export interface LinkTrackingValue {
  trackLinks: boolean;
  /** Campaign slug, or null for none. */
  campaign: string | null;
}

/** The post's campaign and whether its URLs become tracked short links (on unless turned off). */
export function LinkTracking({
  value,
  onChange,
}: {
  value: LinkTrackingValue;
  onChange(next: LinkTrackingValue): void;
}) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const campaigns = useCampaigns(workspace.id);
  return (
    <>
      <Select
        label={t('compose.links.campaign')}
        placeholder={t('compose.links.noCampaign')}
        clearable
        data={(campaigns.data ?? []).map((campaign) => ({ value: campaign.slug, label: campaign.name }))}
        value={value.campaign}
        onChange={(campaign) => onChange({ ...value, campaign })}
        data-testid="compose-campaign"
      />
      <Switch
        label={t('compose.links.track')}
        checked={value.trackLinks}
        onChange={(event) => onChange({ ...value, trackLinks: event.currentTarget.checked })}
        data-testid="compose-track-links"
      />
      <Text size="xs" c="dimmed">
        {t(value.trackLinks ? 'compose.links.trackHint' : 'compose.links.untrackedHint')}
      </Text>
    </>
  );
}
