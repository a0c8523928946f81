import { Anchor, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession, useSetupStatus } from './api/session';
import { AppLayout } from './components/AppLayout';
import { FullPageError, FullPageLoader } from './components/FullPage';
import { AccountsPage } from './pages/AccountsPage';
import { CalendarPage } from './pages/CalendarPage';
import { LoginPage } from './pages/LoginPage';
import { ReportsPage } from './pages/ReportsPage';
import { SegmentsPage } from './pages/SegmentsPage';
import { SetupPage } from './pages/SetupPage';
import { Link, navigate, usePathname } from './router';
import { WorkspaceContext } from './workspace';

/** The composer carries the date pickers: loaded when first opened. */
const ComposePage = lazy(() => import('./pages/ComposePage').then((module) => ({ default: module.ComposePage })));

const PUBLIC_PATHS = new Set(['/setup', '/login']);

/** Where to go back to after signing in: a path of this app only, never another site. */
function returnPath(): string {
  const next = new URLSearchParams(window.location.search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') && !PUBLIC_PATHS.has(next) ? next : '/';
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py={80} gap="xs">
      <Title order={2}>{t('notFound.title')}</Title>
      <Text c="dimmed">{t('notFound.text')}</Text>
      <Anchor component={Link} href="/">
        {t('notFound.home')}
      </Anchor>
    </Stack>
  );
}

function Screen({ pathname }: { pathname: string }) {
  switch (pathname) {
    case '/':
      return <CalendarPage />;
    case '/compose':
      return (
        <Suspense
          fallback={
            <Center py="xl">
              <Loader />
            </Center>
          }
        >
          <ComposePage />
        </Suspense>
      );
    case '/accounts':
      return <AccountsPage />;
    case '/segments':
      return <SegmentsPage />;
    case '/reports':
      return <ReportsPage />;
    default:
      return <NotFound />;
  }
}

/**
 * Decides what to show from the server's answers: first-run setup, sign-in, or the workspace,
 * and keeps the address bar in step.
 */
export function App() {
  const { t } = useTranslation();
  const pathname = usePathname();
  const setup = useSetupStatus();
  const needsSetup = setup.data?.needsSetup;
  const session = useSession(needsSetup === false);
  const signedIn = session.data ?? null;

  useEffect(() => {
    if (needsSetup === true) {
      if (pathname !== '/setup') navigate('/setup', { replace: true });
      return;
    }
    if (needsSetup !== false || session.isPending || session.isError) return;
    if (!signedIn && pathname !== '/login') {
      const next = PUBLIC_PATHS.has(pathname) ? '' : `?next=${encodeURIComponent(pathname)}`;
      navigate(`/login${next}`, { replace: true });
    } else if (signedIn && PUBLIC_PATHS.has(pathname)) {
      navigate(pathname === '/login' ? returnPath() : '/', { replace: true });
    }
  }, [needsSetup, session.isPending, session.isError, signedIn, pathname]);

  if (setup.isPending) return <FullPageLoader />;
  if (setup.isError) return <FullPageError error={setup.error} onRetry={() => void setup.refetch()} />;
  if (needsSetup) return <SetupPage />;
  if (session.isPending) return <FullPageLoader />;
  if (session.isError) return <FullPageError error={session.error} onRetry={() => void session.refetch()} />;
  if (!signedIn) return <LoginPage />;

  const workspace = signedIn.workspaces[0];
  if (!workspace) {
    return (
      <Stack align="center" py={80}>
        <Title order={2}>{t('errors.noWorkspace')}</Title>
      </Stack>
    );
  }

  return (
    <WorkspaceContext.Provider value={{ user: signedIn.user, workspace }}>
      <AppLayout>
        <Screen pathname={PUBLIC_PATHS.has(pathname) ? '/' : pathname} />
      </AppLayout>
    </WorkspaceContext.Provider>
  );
}
