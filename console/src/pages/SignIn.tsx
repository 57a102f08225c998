// Sign in with a personal access token (label "Access token", button "Sign in"); errors beside the field and
// in the error summary, never a raw API body.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { createSession } from '../api/session';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { useT } from '../i18n/t';
import { useSession } from '../session-context';
import { takeLinkedToken } from '../sign-in-link';

export function SignIn() {
  const t = useT();
  const { signedIn, expired } = useSession();
  const [linked] = useState(takeLinkedToken);
  const [token, setToken] = useState(linked ?? '');
  const submitButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (linked) {
      submitButton.current?.focus();
    }
  }, [linked]);
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
      {linked && !error && (
        <p className="notice" role="status">
          {t('signIn.fromLink')}
        </p>
      )}
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
        <button type="submit" className="button" disabled={busy} ref={submitButton}>
          {t('signIn.submit')}
        </button>
      </form>
    </div>
  );
}
