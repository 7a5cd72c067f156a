import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../layout/Loading';
import { signInPath } from './returnTo';
import { useSession } from './session';

/** The pages behind sign-in: a person who is not signed in goes to the sign-in page, and comes back here after. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <Loading />;
  if (session.status === 'signed-out') {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  }
  return children;
}
