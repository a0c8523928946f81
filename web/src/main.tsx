import '@mantine/core/styles.css';
import './i18n';
import { MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { isApiError } from './api/client';
import { sessionKey } from './api/session';
import { ToastProvider } from './components/Toasts';
import { theme } from './theme';

/** Any 401 means the session ended (expired, logged out elsewhere): ask again, which leads to the login screen. */
function onApiError(error: unknown): void {
  if (isApiError(error, 401)) void queryClient.invalidateQueries({ queryKey: sessionKey });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onApiError }),
  mutationCache: new MutationCache({ onError: onApiError }),
  defaultOptions: {
    queries: {
      retry: (count, error) => count < 1 && !isApiError(error, 401) && !isApiError(error, 403),
      refetchOnWindowFocus: true,
      staleTime: 5_000,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <App />
        </ToastProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
