import {
  Alert,
  Button,
  Card,
  CloseButton,
  Group,
  Image,
  Loader,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { updateAltText, uploadMedia } from '../../api/media';
import type { Media } from '../../api/types';
import { useWorkspace } from '../../workspace';

/** An uploaded image with the alt text being typed (`altDraft`) beside the one saved on the server. */
export interface MediaItem {
  media: Media;
  altDraft: string;
}

const ALT_SAVE_DELAY_MS = 500;

/** Saves every alt text still being typed; resolves once the server has them all. */
export async function saveAltTexts(workspaceId: string, items: MediaItem[]): Promise<MediaItem[]> {
  return Promise.all(
    items.map(async (item) => {
      if (item.altDraft === item.media.altText) return item;
      const saved = await updateAltText(workspaceId, item.media.id, item.altDraft);
      return { media: saved ?? { ...item.media, altText: item.altDraft }, altDraft: item.altDraft };
    }),
  );
}

function MediaTile(props: {
  item: MediaItem;
  index: number;
  onAltChange: (altText: string) => void;
  onSaved: (media: Media) => void;
  onRemove: () => void;
}) {
  const { item, index, onAltChange, onSaved, onRemove } = props;
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const [saveError, setSaveError] = useState<string | null>(null);
  const { altDraft } = item;
  const { id, altText } = item.media;
  const savedRef = useRef(onSaved);
  savedRef.current = onSaved;

  useEffect(() => {
    if (altDraft === altText) return;
    const timer = window.setTimeout(() => {
      updateAltText(workspace.id, id, altDraft)
        .then((saved) => {
          setSaveError(null);
          savedRef.current(saved ?? { ...item.media, altText: altDraft });
        })
        .catch((error: unknown) => setSaveError(errorMessage(error)));
    }, ALT_SAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [altDraft, altText, id, workspace.id, item.media]);

  return (
    <Card padding={0} data-testid={`compose-media-${index}`}>
      <Card.Section pos="relative">
        <Image src={item.media.url} alt={altDraft} h={140} fit="cover" />
        <CloseButton
          pos="absolute"
          top={6}
          right={6}
          variant="white"
          radius="xl"
          aria-label={t('compose.media.remove')}
          onClick={onRemove}
          data-testid={`compose-media-remove-${index}`}
        />
      </Card.Section>
      <Stack gap={4} p="xs">
        <Text size="xs" c="dimmed" truncate>
          {item.media.fileName}
          {item.media.width && item.media.height ? ` · ${item.media.width}×${item.media.height}` : ''}
        </Text>
        <TextInput
          size="xs"
          label={t('compose.media.altLabel', { number: index + 1 })}
          placeholder={t('compose.media.altPlaceholder')}
          value={altDraft}
          onChange={(event) => onAltChange(event.currentTarget.value)}
          error={saveError}
          data-testid={`compose-alt-${index}`}
        />
      </Stack>
    </Card>
  );
}

interface Props {
  items: MediaItem[];
  onChange: (update: (items: MediaItem[]) => MediaItem[]) => void;
}

/** Image upload, thumbnails, and an alt text for each image. */
export function MediaPicker({ items, onChange }: Props) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(0);
  const [failure, setFailure] = useState<string | null>(null);

  const upload = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setFailure(null);
    const chosen = Array.from(files);
    setUploading((count) => count + chosen.length);
    await Promise.all(
      chosen.map(async (file) => {
        try {
          const media = await uploadMedia(workspace.id, file);
          onChange((current) => [...current, { media, altDraft: media.altText ?? '' }]);
        } catch (error) {
          setFailure(t('compose.media.uploadFailed', { file: file.name, message: errorMessage(error) }));
        } finally {
          setUploading((count) => count - 1);
        }
      }),
    );
    if (input.current) input.current.value = '';
  };

  const update = (id: string, change: (item: MediaItem) => MediaItem) =>
    onChange((current) => current.map((item) => (item.media.id === id ? change(item) : item)));

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {t('compose.media.title')}
        </Text>
        <Group gap="xs">
          {uploading > 0 && <Loader size="xs" />}
          <Button variant="default" size="compact-sm" onClick={() => input.current?.click()}>
            {t('compose.media.add')}
          </Button>
        </Group>
        <input
          ref={input}
          type="file"
          accept="image/*"
          multiple
          hidden
          onChange={(event) => void upload(event.currentTarget.files)}
          data-testid="compose-file"
        />
      </Group>
      {failure && (
        <Alert color="red" withCloseButton onClose={() => setFailure(null)} data-testid="compose-media-error">
          {failure}
        </Alert>
      )}
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('compose.media.empty')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          {items.map((item, index) => (
            <MediaTile
              key={item.media.id}
              item={item}
              index={index}
              onAltChange={(altDraft) => update(item.media.id, (current) => ({ ...current, altDraft }))}
              onSaved={(media) => update(item.media.id, (current) => ({ ...current, media }))}
              onRemove={() => onChange((current) => current.filter((other) => other.media.id !== item.media.id))}
            />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
