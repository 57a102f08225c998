// Small shared pieces: loading, not found (also for 403: a request one may not see looks absent), urgency mark.
import { Link } from 'react-router';
import { useT } from '../i18n/t';
import { useLabels } from '../format';

export function Loading() {
  const t = useT();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function NotFound() {
  const t = useT();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}

/** Urgency in words, with a colour tag for urgent and emergency ones (never colour alone). */
export function Urgency({ value }: { value: string }) {
  const labels = useLabels();
  if (value === 'normal') {
    return <span>{labels.urgency(value)}</span>;
  }
  return (
    <strong className={`tag tag-${value}`}>
      <span aria-hidden="true">⚠ </span>
      {labels.urgency(value)}
    </strong>
  );
}
