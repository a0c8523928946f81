import { Anchor, AppShell, Avatar, Badge, Button, Container, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/client';
import { signOut } from '../api/session';
import { Link, navigate, usePathname } from '../router';
import { useWorkspace } from '../workspace';
import { LanguageMenu } from './LanguageMenu';
import { Logo } from './Logo';
import { useToast } from './Toasts';

const NAV = [
  { href: '/', key: 'calendar', testId: 'nav-calendar' },
  { href: '/compose', key: 'compose', testId: 'nav-compose' },
  { href: '/accounts', key: 'accounts', testId: 'nav-accounts' },
  { href: '/segments', key: 'segments', testId: 'nav-segments' },
  { href: '/reports', key: 'reports', testId: 'nav-reports' },
] as const;

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

function UserMenu() {
  const { t } = useTranslation();
  const { user } = useWorkspace();
  const queryClient = useQueryClient();
  const toast = useToast();

  const logout = async () => {
    try {
      await signOut();
    } catch (error) {
      toast({ color: 'red', title: t('errors.logoutFailed'), message: errorMessage(error) });
      return;
    }
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  return (
    <Menu position="bottom-end" withArrow shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={t('header.account')} data-testid="user-menu">
          <Avatar color="indigo" radius="xl" size={32}>
            {initials(user.name) || '?'}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="dark">
            {user.name}
          </Text>
          <Text size="xs" c="dimmed">
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void logout()} data-testid="logout">
          {t('header.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function MainNav({ grow }: { grow: boolean }) {
  const { t } = useTranslation();
  const pathname = usePathname();
  return (
    <Group
      gap={4}
      wrap="nowrap"
      grow={grow}
      w={grow ? '100%' : undefined}
      component="nav"
      aria-label={t('header.navigation')}
    >
      {NAV.map((item) => {
        const active = pathname === item.href;
        return (
          <Button
            key={item.href}
            component={Link}
            href={item.href}
            variant={active ? 'light' : 'subtle'}
            color={active ? 'indigo' : 'gray'}
            size="compact-md"
            fw={active ? 600 : 500}
            aria-current={active ? 'page' : undefined}
            data-testid={item.testId}
          >
            {t(`nav.${item.key}`)}
          </Button>
        );
      })}
    </Group>
  );
}

/**
 * The frame of every signed-in screen: the header with navigation, language and the person's menu.
 * On a phone the navigation moves to a bar at the bottom (rendered once, so each link exists once).
 */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { workspace } = useWorkspace();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });

  return (
    <AppShell header={{ height: 60 }} footer={{ height: 60, collapsed: !phone }} padding={0} bg="gray.0">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap">
              <Anchor component={Link} href="/" underline="never" c="inherit" aria-label={t('nav.calendar')}>
                <Logo />
              </Anchor>
              {!phone && <MainNav grow={false} />}
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Badge
                variant="default"
                radius="sm"
                size="lg"
                tt="none"
                fw={500}
                visibleFrom="sm"
                data-testid="workspace-name"
              >
                {workspace.name}
              </Badge>
              <LanguageMenu />
              <UserMenu />
            </Group>
          </Group>
        </Container>
      </AppShell.Header>
      {phone && (
        <AppShell.Footer px="xs">
          <Group h="100%" wrap="nowrap">
            <MainNav grow />
          </Group>
        </AppShell.Footer>
      )}
      <AppShell.Main>
        <Container size="lg" py="lg">
          {children}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
