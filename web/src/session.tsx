/**
 * Who is signed in: asked of the server at start (GET /api/v1/session), set by the sign-in page,
 * cleared on sign-out or when any call answers 401.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, UNAUTHORIZED_EVENT } from './api';
import type { SessionUser } from './api';

interface SessionState {
  /** undefined while asking the server; null when nobody is signed in. */
  readonly user: SessionUser | null | undefined;
  readonly signIn: (username: string, password: string) => Promise<SessionUser>;
  readonly signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState>({
  user: undefined,
  signIn: () => Promise.reject(new Error('no session provider')),
  signOut: () => Promise.resolve(),
});

export function SessionProvider({ children }: { children: ReactNode }): ReactNode {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    api<SessionUser>('/api/v1/session')
      .then((u) => live && setUser(u))
      // 401: nobody signed in; any other failure also lands on the sign-in page, which reports it on submit
      .catch(() => live && setUser(null));
    const off = (): void => setUser(null);
    window.addEventListener(UNAUTHORIZED_EVENT, off);
    return () => {
      live = false;
      window.removeEventListener(UNAUTHORIZED_EVENT, off);
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const u = await api<SessionUser>('/api/v1/session', { method: 'POST', body: { username, password } });
    setUser(u);
    return u;
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api('/api/v1/session', { method: 'DELETE' });
    } finally {
      setUser(null);
    }
  }, []);
  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** The signed-in user; only for pages behind the sign-in guard. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (user === undefined || user === null) throw new Error('useUser outside the signed-in area');
  return user;
}

export type Role = SessionUser['role'];

export function hasRole(user: SessionUser, ...roles: Role[]): boolean {
  return roles.includes(user.role);
}
