import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageMenu } from './LanguageMenu';
import { Logo } from './Logo';

/** The frame of the screens before sign-in: logo, a card, and the language switch. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <Box
      mih="100vh"
      bg="gray.0"
      style={{
        backgroundImage: 'linear-gradient(180deg, var(--mantine-color-indigo-0), var(--mantine-color-gray-0) 320px)',
      }}
    >
      <Group justify="flex-end" p="md">
        <LanguageMenu />
      </Group>
      <Center px="md" pb="xl">
        <Stack w="100%" maw={460} gap="lg">
          <Center>
            <Logo size="lg" />
          </Center>
          <Paper withBorder shadow="sm" radius="lg" p="xl">
            <Stack gap={4} mb="lg">
              <Title order={2} fz={22}>
                {title}
              </Title>
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            </Stack>
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
