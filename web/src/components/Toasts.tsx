import { Notification, Portal, Stack } from '@mantine/core';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';

export interface Toast {
  color: 'green' | 'red' | 'blue' | 'orange';
  title: string;
  message?: string;
}

interface ShownToast extends Toast {
  id: number;
}

const ToastContext = createContext<(toast: Toast) => void>(() => {});

const LIFETIME_MS = 7000;

/** Short-lived notices in the corner of the screen (account connected, publication cancelled…). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);

  const show = useCallback(
    (toast: Toast) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-3), { ...toast, id }]);
      window.setTimeout(() => dismiss(id), LIFETIME_MS);
    },
    [dismiss],
  );

  const value = useMemo(() => show, [show]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <Portal>
        <Stack gap="sm" pos="fixed" bottom={80} right={16} w={360} maw="calc(100vw - 32px)" style={{ zIndex: 1000 }}>
          {toasts.map((toast) => (
            <Notification
              key={toast.id}
              color={toast.color}
              title={toast.title}
              withBorder
              role={toast.color === 'red' ? 'alert' : 'status'}
              data-testid="toast"
              data-color={toast.color}
              onClose={() => dismiss(toast.id)}
            >
              {toast.message}
            </Notification>
          ))}
        </Stack>
      </Portal>
    </ToastContext.Provider>
  );
}

export function useToast(): (toast: Toast) => void {
  return useContext(ToastContext);
}
