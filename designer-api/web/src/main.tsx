import { StrictMode, useSyncExternalStore, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { textsReady } from './i18n';
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

// Ant Design's blue, red and secondary text colours, darkened to a 4.5:1 contrast with white (hovered buttons too);
// the text of a gold or orange tag (剩 3 天, 今天到期), its palette's 7th shade, darkened to 4.5:1 on the tag's pale fill
// (under both of the shade's names, which share one CSS variable).
const theme = {
  token: {
    fontSize: 15,
    controlHeight: 36,
    colorPrimary: '#0958d9',
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorTextSecondary: '#595959',
    colorTextDescription: '#595959',
    colorTextTertiary: '#595959',
    gold7: '#874d00',
    'gold-7': '#874d00',
    orange7: '#873800',
    'orange-7': '#873800',
  },
};

// A person who asked their system for less motion gets drop-downs, drawers and messages without their sliding in.
const lessMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
const motionTheme = { ...theme, token: { ...theme.token, motion: false } };

function useLessMotion(): boolean {
  return useSyncExternalStore(
    (changed) => {
      lessMotion.addEventListener('change', changed);
      return () => lessMotion.removeEventListener('change', changed);
    },
    () => lessMotion.matches,
  );
}

/** Ant Design in the page's language (its own texts: pagination, empty states, date pickers). */
function Localised({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const still = useLessMotion();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      // "提交", not "提 交": the label a screen reader says is the word as written.
      button={{ autoInsertSpace: false }}
      theme={still ? motionTheme : theme}
    >
      {children}
    </ConfigProvider>
  );
}

// Rendered once the texts of the language in use are there: the pages never show a key instead of a text.
void textsReady.then(() =>
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
  ),
);
