// GOV.UK-style error summary: a focused alert at the top listing each problem, each linking to its field.
import { useEffect, useRef } from 'react';
import { useT } from '../i18n/t';

export interface SummaryItem {
  /** The id of the field to focus, if the problem belongs to one. */
  target?: string;
  text: string;
}

export function ErrorSummary({ items }: { items: SummaryItem[] }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (items.length > 0) {
      ref.current?.focus();
    }
  }, [items]);
  if (items.length === 0) {
    return null;
  }
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{t('errors.summaryTitle')}</h2>
      <ul>
        {items.map((item, i) =>
          item.target ? (
            <li key={i}>
              <a
                href={`#${item.target}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(item.target ?? '')?.focus();
                }}
              >
                {item.text}
              </a>
            </li>
          ) : (
            <li key={i}>{item.text}</li>
          ),
        )}
      </ul>
    </div>
  );
}
