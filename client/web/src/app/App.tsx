import { useCallback, useEffect, useState } from 'react';
import { HubSession } from '../hub/session';
import { Shell } from './Shell';
import { SignIn } from './SignIn';
import { SessionContext } from './contexts';

const TOKEN_KEY = 'switchboard:token';

const refusal = (err: unknown): string => {
  const code = (err as Error).message;
  if (code === 'unauthorized') return 'That token was not accepted. Check it and try again.';
  if (code === 'clientTooOld' || code === 'serverTooOld') return 'This page and the hub speak different protocol versions; reload the page.';
  return `Could not reach the hub (${code}).`;
};

/** Signed out: the token form. Signed in: the shell. The token lives in this tab's session storage. */
export function App() {
  const [session, setSession] = useState<HubSession | null>(null);
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(TOKEN_KEY) !== null);
  const [error, setError] = useState<string | null>(null);

  const signIn = useCallback(async (token: string) => {
    setError(null);
    try {
      const s = await HubSession.open(token);
      sessionStorage.setItem(TOKEN_KEY, token);
      setSession(s);
    } catch (err) {
      sessionStorage.removeItem(TOKEN_KEY);
      setError(refusal(err));
    } finally {
      setRestoring(false);
    }
  }, []);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    setSession((s) => {
      s?.close();
      return null;
    });
  }, []);

  useEffect(() => {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) void signIn(token);
  }, [signIn]);

  useEffect(() => {
    if (session) session.onSignedOut = signOut;
  }, [session, signOut]);

  if (restoring) {
    return (
      <div className="splash" role="status">
        Connecting…
      </div>
    );
  }
  if (!session) return <SignIn onSignIn={signIn} error={error} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell onSignOut={signOut} />
    </SessionContext.Provider>
  );
}
