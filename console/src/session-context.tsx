// Who is signed in. The session lives in an HttpOnly cookie; the page keeps only the user and the CSRF
// token in memory. Any 401 from the API ends it here and the app shows sign-in again.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setCsrfToken, setUnauthenticatedHandler } from './api/client';
import { currentSession, endSession, type Session } from './api/session';

interface SessionState {
  session: Session | null;
  /** False until GET /v1/session answered. */
  ready: boolean;
  /** True when a session ended by itself (a 401), so that sign-in says so. */
  expired: boolean;
  signedIn: (session: Session) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) {
    throw new Error('useSession outside SessionProvider');
  }
  return state;
}

/** The signed-in session; only for screens rendered behind sign-in. */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) {
    throw new Error('useSignedIn without a session');
  }
  return session;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [ready, setReady] = useState(false);
  const [expired, setExpired] = useState(false);

  const signedIn = useCallback((next: Session) => {
    setCsrfToken(next.csrfToken);
    setExpired(false);
    setSession(next);
  }, []);

  const signOut = useCallback(async () => {
    await endSession();
    setCsrfToken(null);
    setSession(null);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setSession((previous) => {
        if (previous) {
          setExpired(true);
        }
        return null;
      });
    });
    currentSession()
      .then((found) => {
        if (found) {
          signedIn(found);
        }
      })
      .catch(() => undefined)
      .finally(() => setReady(true));
  }, [signedIn]);

  const state = useMemo(
    () => ({ session, ready, expired, signedIn, signOut }),
    [session, ready, expired, signedIn, signOut],
  );
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}
