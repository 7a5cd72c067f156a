import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import './i18n';
import './styles.css';
import { App } from './App';
import { ProblemError } from './api/problems';
import { SessionProvider } from './signin/session';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused or missing thing is not retried; a network failure or a server error is, once.
      retry: (failures, error) => failures < 1 && !(error instanceof ProblemError && error.problem.status > 0 && error.problem.status < 500),
      staleTime: 30_000,
    },
  },
});

/** Ant Design in the page's language (its own texts: pagination, empty states, date pickers). */
function Localised({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { fontSize: 15, controlHeight: 36 } }}
    >
      {children}
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <Localised>
        <SessionProvider>
          <App />
        </SessionProvider>
      </Localised>
    </QueryClientProvider>
  </StrictMode>,
);
