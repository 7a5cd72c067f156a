import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { AppLayout, NotFoundPage } from './layout/AppLayout';
import { Loading } from './layout/Loading';
import { RequireSignIn } from './signin/RequireSignIn';

// Every page is loaded when it is first opened: a link from a mail to a task loads the frame and the task page only.
// Later pages (cycles, designers, charts) are split the same way, so that the employee's first load stays small
// (docs/performance.md).
const SignInPage = lazy(() => import('./signin/SignInPage').then((m) => ({ default: m.SignInPage })));
const CallbackPage = lazy(() => import('./signin/CallbackPage').then((m) => ({ default: m.CallbackPage })));
const InboxPage = lazy(() => import('./tasks/InboxPage').then((m) => ({ default: m.InboxPage })));
const TaskPage = lazy(() => import('./tasks/TaskPage').then((m) => ({ default: m.TaskPage })));
const CyclesPage = lazy(() => import('./cycles/CyclesPage').then((m) => ({ default: m.CyclesPage })));
const CyclePage = lazy(() => import('./cycles/CyclePage').then((m) => ({ default: m.CyclePage })));
const LaunchPage = lazy(() => import('./cycles/LaunchPage').then((m) => ({ default: m.LaunchPage })));
const AdminPage = lazy(() => import('./admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const ImportPage = lazy(() => import('./organisation/ImportPage').then((m) => ({ default: m.ImportPage })));
const OutboxPage = lazy(() => import('./outbox/OutboxPage').then((m) => ({ default: m.OutboxPage })));
const MePage = lazy(() => import('./me/MePage').then((m) => ({ default: m.MePage })));
const HistoryPage = lazy(() => import('./me/HistoryPage').then((m) => ({ default: m.HistoryPage })));
const FeedbackPage = lazy(() => import('./me/FeedbackPage').then((m) => ({ default: m.FeedbackPage })));
const TeamPage = lazy(() => import('./team/TeamPage').then((m) => ({ default: m.TeamPage })));
const InstancePage = lazy(() => import('./team/InstancePage').then((m) => ({ default: m.InstancePage })));
const PreInterviewPage = lazy(() => import('./team/PreInterviewPage').then((m) => ({ default: m.PreInterviewPage })));

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
      { path: '/admin', element: lazyPage(<AdminPage />) },
      { path: '/admin/organisation', element: lazyPage(<ImportPage />) },
      { path: '/admin/outbox', element: lazyPage(<OutboxPage />) },
      { path: '/me', element: lazyPage(<MePage />) },
      { path: '/me/history', element: lazyPage(<HistoryPage />) },
      { path: '/me/feedback', element: lazyPage(<FeedbackPage />) },
      { path: '/team', element: lazyPage(<TeamPage />) },
      { path: '/team/people/:personId/pre-interview', element: lazyPage(<PreInterviewPage />) },
      { path: '/instances/:id', element: lazyPage(<InstancePage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
