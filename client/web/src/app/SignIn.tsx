import { useState, type FormEvent } from 'react';

/** The one form before the app: a token, as an admin issued it with /token-create. */
export function SignIn({ onSignIn, error }: { onSignIn: (token: string) => Promise<void>; error: string | null }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return;
    setBusy(true);
    await onSignIn(token.trim());
    setBusy(false);
  };
  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-describedby="signin-help">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">S</span>
        </div>
        <h1>Sign in to Switchboard</h1>
        <p id="signin-help" className="muted">
          Paste the access token you were given. An admin makes one with <code>/token-create @you --kind=person</code>; on the hub's machine the
          admin's is in <code>data/admin.token</code>.
        </p>
        <label htmlFor="token">Access token</label>
        <input id="token" type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} placeholder="sbt_…" autoFocus />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy || !token.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
