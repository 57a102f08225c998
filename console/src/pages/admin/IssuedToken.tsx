// A token just issued, shown this once: kept in the screen's memory only, so that leaving the screen loses
// it for good (the engine keeps only its hash). A copy button and a warning that says so.
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n/t';

interface IssuedTokenProps {
  name: string;
  token: string;
  onDone: () => void;
  /** A webhook's signing secret rather than an access token. */
  secret?: boolean;
}

export function IssuedToken({ name, token, onDone, secret }: IssuedTokenProps) {
  const t = useT();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  // Focus comes here (the token may appear above a form at the bottom of the page): read first, then Tab
  // to the field and "Copy token".
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [token]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }
  return (
    <section className="issued-token" aria-labelledby="issued-token-title" tabIndex={-1} ref={ref}>
      <h2 id="issued-token-title">
        {secret ? t('admin.secret.title', { name }) : t('admin.token.title', { name })}
      </h2>
      <p className="issued-token-warning">
        <strong>{secret ? t('admin.secret.warning') : t('admin.token.warning')}</strong>
      </p>
      <label htmlFor="issued-token-value">{secret ? t('admin.secret.label') : t('admin.token.label')}</label>
      <input id="issued-token-value" className="hash issued-token-value" readOnly value={token} dir="ltr" />
      <div className="dialog-buttons">
        <button type="button" className="button" onClick={() => void copy()}>
          {t('admin.token.copy')}
        </button>
        <button type="button" className="button secondary" onClick={onDone}>
          {t('admin.token.done')}
        </button>
      </div>
      <p role="status">
        {copied === 'yes' ? t('admin.token.copied') : copied === 'no' ? t('admin.token.copyFailed') : ''}
      </p>
    </section>
  );
}
