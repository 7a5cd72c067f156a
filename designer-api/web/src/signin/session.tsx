import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { User, UserManager } from 'oidc-client-ts';
import { api, data, useTokens, type Schemas } from '../api/client';
import { safeReturnTo } from './returnTo';

type AuthConfig = Schemas['AuthConfigResponse'];

/** How the person is signed in: with the development sign-in (a token by person id) or with OpenID Connect. */
type Signed =
  | { kind: 'dev'; personId: string; accessToken: string; expiresAt: string }
  | { kind: 'oidc'; accessToken: string; expiresAt: number | undefined };

export type SessionStatus = 'loading' | 'signed-out' | 'signed-in';

interface Session {
  status: SessionStatus;
  config: AuthConfig | undefined;
  /** Why the last session ended, when it ended by itself (an expired token). */
  ended: 'expired' | null;
  signInDev(personId: string): Promise<void>;
  /** Goes to the identity provider; comes back to `returnTo` after /signin/callback. */
  signInOidc(returnTo: string): Promise<void>;
  /** Completes the provider's answer at /signin/callback; the page to open next. */
  completeOidc(): Promise<string>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);
const devKey = 'formflow.devSession';

function storedDev(): Signed | null {
  try {
    const stored = JSON.parse(localStorage.getItem(devKey) ?? 'null') as Signed | null;
    return stored?.kind === 'dev' && new Date(stored.expiresAt).getTime() > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

// oidc-client-ts is loaded only where OpenID Connect is configured; it keeps the tokens in localStorage so that a
// link opened in a new tab (from a mail) finds the person signed in, and renews them with the refresh token.
async function userManagerFor(config: NonNullable<AuthConfig['oidc']>): Promise<UserManager> {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const origin = window.location.origin;
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    scope: config.scope,
    redirect_uri: `${origin}/signin/callback`,
    post_logout_redirect_uri: `${origin}/signin?signedOut=1`,
    response_type: 'code',
    automaticSilentRenew: true,
    loadUserInfo: false,
    userStore: new WebStorageStateStore({ store: window.localStorage }),
  });
}

function fromUser(user: User | null): Signed | null {
  return user && !user.expired ? { kind: 'oidc', accessToken: user.access_token, expiresAt: user.expires_at } : null;
}

/** The signed-in session for the whole app: who holds the token, and how to sign in and out. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const config = useQuery({
    queryKey: ['auth-config'],
    queryFn: () => data(api.GET('/api/auth/config')),
    staleTime: Infinity,
  });
  const [signed, setSigned] = useState<Signed | null>(storedDev);
  const [oidcReady, setOidcReady] = useState(false);
  const [ended, setEnded] = useState<'expired' | null>(null);
  const manager = useRef<UserManager | null>(null);
  const signedRef = useRef(signed);
  signedRef.current = signed;

  const oidc = config.data?.oidc ?? null;
  const configKnown = !config.isPending;
  // Ready once the config is known and, with OpenID Connect, the stored user read: before that nobody is sent anywhere.
  useEffect(() => {
    if (!configKnown) return;
    if (!oidc) {
      setOidcReady(true);
      return;
    }
    let live = true;
    void (async () => {
      const um = await userManagerFor(oidc);
      if (!live) return;
      manager.current = um;
      um.events.addUserLoaded((user) => setSigned(fromUser(user)));
      um.events.addAccessTokenExpired(() => {
        setEnded('expired');
        setSigned(null);
      });
      const user = await um.getUser();
      if (live) {
        if (user && !storedDev()) setSigned(fromUser(user));
        setOidcReady(true);
      }
    })();
    return () => {
      live = false;
    };
  }, [configKnown, oidc]);

  const end = useCallback(
    (why: 'expired' | null) => {
      localStorage.removeItem(devKey);
      setEnded(why);
      setSigned(null);
      queries.clear();
    },
    [queries],
  );

  useEffect(() => {
    useTokens({
      accessToken: async () => signedRef.current?.accessToken ?? null,
      expired: () => {
        if (signedRef.current) end('expired');
      },
    });
  }, [end]);

  const session = useMemo<Session>(
    () => ({
      status: config.isPending || !oidcReady ? 'loading' : signed ? 'signed-in' : 'signed-out',
      config: config.data,
      ended,
      async signInDev(personId) {
        const answer = await data(api.POST('/api/auth/dev-sign-in', { body: { personId } }));
        const dev: Signed = { kind: 'dev', personId: answer.personId, accessToken: answer.accessToken, expiresAt: answer.expiresAt };
        localStorage.setItem(devKey, JSON.stringify(dev));
        queries.clear();
        setEnded(null);
        setSigned(dev);
      },
      async signInOidc(returnTo) {
        await manager.current?.signinRedirect({ state: { returnTo: safeReturnTo(returnTo) } });
      },
      async completeOidc() {
        const um = manager.current;
        if (!um) throw new Error('OpenID Connect is not configured');
        const user = await um.signinRedirectCallback();
        localStorage.removeItem(devKey);
        queries.clear();
        setEnded(null);
        setSigned(fromUser(user));
        return safeReturnTo((user.state as { returnTo?: string } | undefined)?.returnTo);
      },
      async signOut() {
        if (signedRef.current?.kind === 'oidc' && manager.current) {
          // Ends the session at the provider too; it sends the browser back to /signin?signedOut=1. The page is left
          // as it is until then, so that nothing sends the person round to sign in again on the way.
          await manager.current.signoutRedirect();
          return;
        }
        end(null);
      },
    }),
    [config.isPending, config.data, oidcReady, signed, ended, queries, end],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
