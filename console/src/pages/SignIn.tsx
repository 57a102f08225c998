// Sign in with a personal access token (label "Access token", button "Sign in"); errors beside the field and
// in the error summary, never a raw API body.
import { useState, type FormEvent } from 'react';
import { createSession } from '../api/session';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { useT } from '../i18n/t';
import { useSession } from '../session-context';

export function SignIn() {
  const t = useT();
  const { signedIn, expired } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const value = token.trim();
    if (!value) {
      setError(t('signIn.required'));
      return;
    }
    setBusy(true);
    try {
      const result = await createSession(value);
      if (result.ok) {
        signedIn(result.session);
        return;
      }
      const { status } = result.problem;
      setError(
        status === 401 || status === 400 || status === 403
          ? t('signIn.invalid')
          : status === 429
            ? t('errors.RATE_LIMITED')
            : t('signIn.failed'),
      );
    } catch {
      setError(t('errors.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <ErrorSummary items={error ? [{ target: 'access-token', text: error }] : []} />
      <h1>{t('signIn.title')}</h1>
      {expired && !error && (
        <p className="notice" role="status">
          {t('signIn.expired')}
        </p>
      )}
      <p>{t('signIn.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          id="access-token"
          label={t('signIn.token')}
          hint={t('signIn.tokenHelp')}
          type="password"
          autoComplete="off"
          value={token}
          onChange={setToken}
          errors={error ? [error] : []}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
