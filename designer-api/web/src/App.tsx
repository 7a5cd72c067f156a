import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AppLayout, NotFoundPage } from './layout/AppLayout';
import { Loading } from './layout/Loading';
import { RequireSignIn } from './signin/RequireSignIn';
import i18n from './i18n';
import { withTexts } from './i18n/texts';

// Every page is loaded when it is first opened: a link from a mail to a task loads the frame and the task page only.
// Later pages (cycles, designers, charts) are split the same way, so that the employee's first load stays small
// (docs/performance.md). A page's texts beyond the shared ones (src/<concept>/texts/, named by their folder) load with
// it: the page renders once its chunk and its texts are both there, so it never shows a key.
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K, texts: readonly string[] = []) {
  return lazy(() => withTexts(i18n, texts, load).then((m) => ({ default: m[name] })));
}

const SignInPage = page(() => import('./signin/SignInPage'), 'SignInPage');
const CallbackPage = page(() => import('./signin/CallbackPage'), 'CallbackPage');
const InboxPage = page(() => import('./tasks/InboxPage'), 'InboxPage');
const TaskPage = page(() => import('./tasks/TaskPage'), 'TaskPage');
const CyclesPage = page(() => import('./cycles/CyclesPage'), 'CyclesPage', ['cycles']);
const CyclePage = page(() => import('./cycles/CyclePage'), 'CyclePage', ['cycles']);
const LaunchPage = page(() => import('./cycles/LaunchPage'), 'LaunchPage', ['cycles']);
const CalibrationsPage = page(() => import('./calibration/CalibrationsPage'), 'CalibrationsPage', ['calibration']);
const CalibrationPage = page(() => import('./calibration/CalibrationPage'), 'CalibrationPage', ['calibration']);
const AdminPage = page(() => import('./admin/AdminPage'), 'AdminPage', ['cycles']);
const ImportPage = page(() => import('./organisation/ImportPage'), 'ImportPage', ['cycles']);
const OutboxPage = page(() => import('./outbox/OutboxPage'), 'OutboxPage', ['cycles']);
const MePage = page(() => import('./me/MePage'), 'MePage', ['me']);
const HistoryPage = page(() => import('./me/HistoryPage'), 'HistoryPage', ['me', 'team']);
const FeedbackPage = page(() => import('./me/FeedbackPage'), 'FeedbackPage', ['me', 'team']);
const StartPage = page(() => import('./start/StartPage'), 'StartPage', ['start']);
const EnterActualsPage = page(() => import('./kpi/EnterActualsPage'), 'EnterActualsPage', ['kpi']);
const KpiBoardPage = page(() => import('./kpi/KpiBoardPage'), 'KpiBoardPage', ['kpi']);
const TeamPage = page(() => import('./team/TeamPage'), 'TeamPage', ['team', 'kpi']);
const InstancePage = page(() => import('./team/InstancePage'), 'InstancePage', ['team']);
const PreInterviewPage = page(() => import('./team/PreInterviewPage'), 'PreInterviewPage', ['team']);
const DesignPage = page(() => import('./authoring/DesignPage'), 'DesignPage', ['authoring', 'cycles']);
const ProcessesPage = page(() => import('./processes/ProcessesPage'), 'ProcessesPage', ['processes', 'authoring']);
const ProcessEditorPage = page(() => import('./processes/ProcessEditorPage'), 'ProcessEditorPage', ['processes', 'authoring', 'dryrun', 'rules', 'cycles']);
const DryRunPage = page(() => import('./dryrun/DryRunPage'), 'DryRunPage', ['dryrun', 'authoring', 'cycles']);
const TemplatesPage = page(() => import('./templates/TemplatesPage'), 'TemplatesPage', ['authoring', 'templates']);
const TemplateDesignerPage = page(() => import('./templates/TemplateDesignerPage'), 'TemplateDesignerPage', ['authoring', 'rules', 'templates']);
const TextTemplatesPage = page(() => import('./texttemplates/TextTemplatesPage'), 'TextTemplatesPage', ['texttemplates', 'authoring', 'cycles']);
const TextTemplatePage = page(() => import('./texttemplates/TextTemplatePage'), 'TextTemplatePage', ['texttemplates', 'authoring', 'cycles']);
const IndicatorsPage = page(() => import('./indicators/IndicatorsPage'), 'IndicatorsPage', ['indicators', 'authoring', 'cycles']);
const IndicatorEditorPage = page(() => import('./indicators/IndicatorEditorPage'), 'IndicatorEditorPage', ['indicators', 'authoring', 'cycles']);
const AppArchivePage = page(() => import('./apps/AppArchivePage'), 'AppArchivePage', ['apps', 'authoring', 'cycles']);

const lazyPage = (page: ReactNode) => <Suspense fallback={<Loading />}>{page}</Suspense>;

/** The pages and their addresses. /tasks/{id} is the link every notification carries. */
export const router = createBrowserRouter([
  { path: '/signin', element: lazyPage(<SignInPage />) },
  { path: '/signin/callback', element: lazyPage(<CallbackPage />) },
  {
    element: (
      <RequireSignIn>
        <AppLayout />
      </RequireSignIn>
    ),
    children: [
      { path: '/', element: <Navigate to="/tasks" replace /> },
      { path: '/tasks', element: lazyPage(<InboxPage />) },
      { path: '/tasks/:id', element: lazyPage(<TaskPage />) },
      { path: '/cycles', element: lazyPage(<CyclesPage />) },
      { path: '/cycles/new', element: lazyPage(<LaunchPage />) },
      { path: '/cycles/:id', element: lazyPage(<CyclePage />) },
      { path: '/calibrations', element: lazyPage(<CalibrationsPage />) },
      { path: '/calibrations/:cycleId/:id', element: lazyPage(<CalibrationPage />) },
      { path: '/admin', element: lazyPage(<AdminPage />) },
      { path: '/admin/organisation', element: lazyPage(<ImportPage />) },
      { path: '/admin/outbox', element: lazyPage(<OutboxPage />) },
      { path: '/me', element: lazyPage(<MePage />) },
      { path: '/me/history', element: lazyPage(<HistoryPage />) },
      { path: '/me/feedback', element: lazyPage(<FeedbackPage />) },
      { path: '/start', element: lazyPage(<StartPage />) },
      { path: '/kpi', element: <Navigate to="/kpi/board" replace /> },
      { path: '/kpi/enter', element: lazyPage(<EnterActualsPage />) },
      { path: '/kpi/board', element: lazyPage(<KpiBoardPage />) },
      { path: '/team', element: lazyPage(<TeamPage />) },
      { path: '/team/people/:personId/pre-interview', element: lazyPage(<PreInterviewPage />) },
      { path: '/instances/:id', element: lazyPage(<InstancePage />) },
      { path: '/design', element: lazyPage(<DesignPage />) },
      { path: '/design/processes', element: lazyPage(<ProcessesPage />) },
      { path: '/design/processes/:key', element: lazyPage(<ProcessEditorPage />) },
      { path: '/design/processes/:key/dry-run', element: lazyPage(<DryRunPage />) },
      { path: '/design/templates', element: lazyPage(<TemplatesPage />) },
      { path: '/design/templates/:key', element: lazyPage(<TemplateDesignerPage />) },
      { path: '/design/texts', element: lazyPage(<TextTemplatesPage />) },
      { path: '/design/texts/:kind/:key', element: lazyPage(<TextTemplatePage />) },
      { path: '/design/indicators', element: lazyPage(<IndicatorsPage />) },
      { path: '/design/indicators/:key', element: lazyPage(<IndicatorEditorPage />) },
      { path: '/design/app', element: lazyPage(<AppArchivePage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
