import {
  Alert,
  Button,
  Card,
  Chip,
  Divider,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../api/client';
import { type Audience, createSegment, type Gender, type Segment, segmentsKey } from '../../api/segments';
import { useToast } from '../../components/Toasts';
import { useWorkspace } from '../../workspace';
import { COUNTRY_CODES, LANGUAGE_CODES, useCodeNames } from './codes';

/** ISO 3166-2, as the server checks it. */
const REGION = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
/** The ages networks accept, as the server checks them. */
const MIN_AGE = 13;
const MAX_AGE = 100;

type TagField = 'interests' | 'seniorities' | 'industries' | 'jobFunctions' | 'companySizes';

interface FormState {
  name: string;
  countries: string[];
  languages: string[];
  regions: string[];
  ageMin: number | '';
  ageMax: number | '';
  genders: Gender[];
  interests: string[];
  seniorities: string[];
  industries: string[];
  jobFunctions: string[];
  companySizes: string[];
}

const EMPTY: FormState = {
  name: '',
  countries: [],
  languages: [],
  regions: [],
  ageMin: '',
  ageMax: '',
  genders: [],
  interests: [],
  seniorities: [],
  industries: [],
  jobFunctions: [],
  companySizes: [],
};

/** The audience the form describes, with only the attributes that are set. */
function audienceOf(form: FormState): Audience {
  const audience: Audience = {};
  const lists = [
    'countries',
    'languages',
    'regions',
    'genders',
    'interests',
    'seniorities',
    'industries',
    'jobFunctions',
    'companySizes',
  ] as const;
  for (const field of lists) {
    const values = form[field];
    if (values.length > 0) (audience as Record<string, unknown>)[field] = values;
  }
  if (form.ageMin !== '') audience.ageMin = form.ageMin;
  if (form.ageMax !== '') audience.ageMax = form.ageMax;
  return audience;
}

/** The problems of a refused audience: one per line when the server lists them (`details.problems`). */
function problemsOf(error: unknown): string[] {
  const problems = isApiError(error) ? (error.details as { problems?: unknown } | undefined)?.problems : undefined;
  if (Array.isArray(problems) && problems.length > 0 && problems.every((item) => typeof item === 'string')) {
    return problems as string[];
  }
  return [errorMessage(error)];
}

function ageOf(value: string | number): number | '' {
  if (value === '') return '';
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : '';
}

function Heading({ children }: { children: string }) {
  return (
    <Divider
      labelPosition="left"
      label={
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
          {children}
        </Text>
      }
    />
  );
}

/** Defines a new audience: where people are, what they speak, who they are, what they do. */
export function SegmentForm({ onCreated }: { onCreated?: (segment: Segment) => void }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();
  const countryNames = useCodeNames('region');
  const languageNames = useCodeNames('language');
  const [form, setForm] = useState<FormState>(EMPTY);
  /** What stopped the last try: the server lists every problem of the audience at once. */
  const [failure, setFailure] = useState<string[] | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);

  const set = <K extends keyof FormState>(field: K, value: FormState[K]) =>
    setForm((current) => ({ ...current, [field]: value }));

  const badRegions = form.regions.filter((region) => !REGION.test(region));
  const agesReversed = form.ageMin !== '' && form.ageMax !== '' && form.ageMin > form.ageMax;
  const ageError = (age: number | '') =>
    age !== '' && (age < MIN_AGE || age > MAX_AGE)
      ? t('segments.form.errors.ageRange', { min: MIN_AGE, max: MAX_AGE })
      : null;
  const ageMinError = ageError(form.ageMin) ?? (agesReversed ? t('segments.form.errors.ages') : null);
  const ageMaxError = ageError(form.ageMax);

  const create = useMutation({
    mutationFn: (input: { name: string; audience: Audience }) => createSegment(workspace.id, input),
    onSuccess: (segment) => {
      toast({ color: 'green', title: t('segments.form.created', { name: segment.name }) });
      setForm(EMPTY);
      void queryClient.invalidateQueries({ queryKey: segmentsKey(workspace.id) });
      onCreated?.(segment);
    },
    onError: (error) => setFailure(problemsOf(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const name = form.name.trim();
    setNameError(name ? null : t('segments.form.errors.nameRequired'));
    const audience = audienceOf(form);
    if (!name) return;
    if (Object.keys(audience).length === 0) {
      setFailure([t('segments.form.errors.empty')]);
      return;
    }
    if (badRegions.length > 0 || ageMinError || ageMaxError) return;
    create.mutate({ name, audience });
  };

  const tags = (field: TagField, placeholder?: string) => (
    <TagsInput
      label={t(`segments.fields.${field}`)}
      placeholder={placeholder ?? t('segments.form.tagsPlaceholder')}
      value={form[field]}
      onChange={(values) => set(field, values)}
      splitChars={[',']}
      acceptValueOnBlur
      clearable
      data-testid={`segment-${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`}
    />
  );

  return (
    <Card padding="lg" component="form" onSubmit={submit} noValidate data-testid="segment-form">
      <Stack gap="md">
        <Text fw={600}>{t('segments.form.title')}</Text>
        <TextInput
          label={t('segments.form.name')}
          placeholder={t('segments.form.namePlaceholder')}
          required
          maxLength={200}
          value={form.name}
          onChange={(event) => {
            set('name', event.currentTarget.value);
            setNameError(null);
          }}
          error={nameError}
          data-testid="segment-name"
        />

        <Heading>{t('segments.form.where')}</Heading>
        <MultiSelect
          label={t('segments.fields.countries')}
          placeholder={form.countries.length === 0 ? t('segments.form.countriesPlaceholder') : undefined}
          data={countryNames.options(COUNTRY_CODES)}
          value={form.countries}
          onChange={(values) => set('countries', values)}
          searchable
          clearable
          hidePickedOptions
          nothingFoundMessage={t('common.nothingFound')}
          data-testid="segment-countries"
        />
        <TagsInput
          label={t('segments.fields.regions')}
          description={t('segments.form.regionsHint')}
          placeholder={form.regions.length === 0 ? 'US-CA, JP-13' : undefined}
          value={form.regions}
          onChange={(values) => set('regions', [...new Set(values.map((value) => value.trim().toUpperCase()))])}
          splitChars={[',', ' ']}
          acceptValueOnBlur
          clearable
          error={badRegions.length > 0 ? t('segments.form.errors.regions', { codes: badRegions.join(', ') }) : null}
          data-testid="segment-regions"
        />
        <MultiSelect
          label={t('segments.fields.languages')}
          placeholder={form.languages.length === 0 ? t('segments.form.languagesPlaceholder') : undefined}
          data={languageNames.options(LANGUAGE_CODES)}
          value={form.languages}
          onChange={(values) => set('languages', values)}
          searchable
          clearable
          hidePickedOptions
          nothingFoundMessage={t('common.nothingFound')}
          data-testid="segment-languages"
        />

        <Heading>{t('segments.form.who')}</Heading>
        <Group grow align="flex-start">
          <NumberInput
            label={t('segments.form.ageMin')}
            min={MIN_AGE}
            max={MAX_AGE}
            clampBehavior="none"
            allowDecimal={false}
            allowNegative={false}
            value={form.ageMin}
            onChange={(value) => set('ageMin', ageOf(value))}
            error={ageMinError}
            data-testid="segment-age-min"
          />
          <NumberInput
            label={t('segments.form.ageMax')}
            min={MIN_AGE}
            max={MAX_AGE}
            clampBehavior="none"
            allowDecimal={false}
            allowNegative={false}
            value={form.ageMax}
            onChange={(value) => set('ageMax', ageOf(value))}
            error={ageMaxError}
            data-testid="segment-age-max"
          />
        </Group>
        <Text size="xs" c="dimmed" mt={-8}>
          {t('segments.form.agesHint')}
        </Text>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('segments.fields.genders')}
          </Text>
          <Chip.Group multiple value={form.genders} onChange={(values) => set('genders', values as Gender[])}>
            <Group gap="xs" data-testid="segment-genders">
              <Chip value="female" size="sm" data-testid="segment-gender-female">
                {t('segments.genders.female')}
              </Chip>
              <Chip value="male" size="sm" data-testid="segment-gender-male">
                {t('segments.genders.male')}
              </Chip>
            </Group>
          </Chip.Group>
          <Text size="xs" c="dimmed">
            {t('segments.form.gendersHint')}
          </Text>
        </Stack>
        {tags('interests', t('segments.form.interestsPlaceholder'))}

        <Heading>{t('segments.form.professional')}</Heading>
        {tags('seniorities')}
        {tags('industries')}
        {tags('jobFunctions')}
        {tags('companySizes', '11-50, 51-200')}
        <Text size="xs" c="dimmed" mt={-8}>
          {t('segments.form.tagsHint')}
        </Text>

        {failure && (
          <Alert color="red" title={t('segments.form.failed')} data-testid="segment-error">
            <Stack gap={4}>
              {failure.map((problem) => (
                <Text key={problem} size="sm">
                  {failure.length > 1 ? `• ${problem}` : problem}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} data-testid="segment-submit">
            {t('segments.form.submit')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
