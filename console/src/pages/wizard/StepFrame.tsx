// The frame of every step: "New request — step n of m", the step's heading, the list of steps (links once the
// draft exists, the current one marked), the error summary; and the helpers that turn API problems into what a
// step shows next to its fields.
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { ApiProblem, FieldProblem } from '../../api/errors';
import { fieldId } from '../../components/SchemaForm';
import { useLocale } from '../../i18n/locale';
import { useDynamicT, useT } from '../../i18n/t';
import { STEPS, stepOfField, type StepId } from './model';
import { useWizard } from './wizard-context';

const STEP_TITLE: Record<StepId, `wizard.step.${StepId}`> = {
  channel: 'wizard.step.channel',
  authority: 'wizard.step.authority',
  case: 'wizard.step.case',
  assistance: 'wizard.step.assistance',
  details: 'wizard.step.details',
  documents: 'wizard.step.documents',
  check: 'wizard.step.check',
};

export function useStepTitle(): (step: StepId) => string {
  const t = useT();
  return useCallback((step: StepId) => t(STEP_TITLE[step]), [t]);
}

export function stepPath(draftId: string, step: StepId, field?: string): string {
  return `/new/${draftId}/${step}${field ? `#${fieldId(field)}` : ''}`;
}

/** Focus a field by its DOM id: the element itself if it takes focus, else its first control. */
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) {
    return;
  }
  const control =
    el.matches('input, textarea, select, button, [tabindex]') || !el.querySelector('input, textarea, select')
      ? el
      : el.querySelector<HTMLElement>('input, textarea, select');
  control?.focus();
  control?.scrollIntoView({ block: 'center' });
}

/** The id of the field a path names, or of the nearest enclosing one shown ("offences[0]" -> offences). */
export function targetFor(path: string): string | undefined {
  for (let p = path; p;) {
    if (document.getElementById(fieldId(p))) {
      return fieldId(p);
    }
    const up = p.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
    if (up === p) {
      break;
    }
    p = up;
  }
  return undefined;
}

/** A problem's label ("details.personSought.name" -> the label of "name") and localised message. */
export function useProblemText() {
  const t = useT();
  const dt = useDynamicT();
  const { locale } = useLocale();
  const label = useCallback(
    (path: string) => {
      const leaf =
        path
          .replace(/\[\d+\]/g, '')
          .split('.')
          .pop() ?? path;
      return dt(`wizard.field.${leaf}`, dt(`field.${leaf}`, leaf));
    },
    [dt],
  );
  const message = useCallback(
    (problem: ApiProblem, f: FieldProblem) =>
      // The engine's messages are English: other languages get the catalogue's words for "needed".
      locale === 'en' || problem.code !== 'INCOMPLETE_REQUEST'
        ? f.messages.join(' ')
        : t('wizard.error.needed'),
    [locale, t],
  );
  return { label, message };
}

/** This step's problems: those of its own last save, and those of the last submission that belong to it. */
export function useStepProblems(step: StepId, draftId: string | null, own: ApiProblem | null) {
  const { submitProblem } = useWizard();
  const fromSubmit =
    submitProblem && submitProblem.draftId === draftId
      ? {
          ...submitProblem.problem,
          fields: submitProblem.problem.fields.filter((f) => stepOfField(f.field) === step),
        }
      : null;
  const problems = [own, fromSubmit].filter((p): p is ApiProblem => p !== null && p !== undefined);
  const { message } = useProblemText();
  const errorsFor = (path: string) =>
    problems.flatMap((p) =>
      p.fields
        .filter((f) => f.field === path || (f.field !== path && targetFor(f.field) === fieldId(path)))
        .map((f) => message(p, f)),
    );
  return { problems, errorsFor };
}

export function useSummary(problems: ApiProblem[]): SummaryItem[] {
  const t = useT();
  const dt = useDynamicT();
  const { label, message } = useProblemText();
  const items: SummaryItem[] = [];
  for (const problem of problems) {
    if (problem.fields.length === 0) {
      items.push({
        text: dt(
          `errors.${problem.code}`,
          problem.status === 0 ? t('errors.network') : t('errors.generic', { code: problem.code }),
        ),
      });
    }
    for (const f of problem.fields) {
      items.push({
        target: targetFor(f.field) ?? fieldId(f.field),
        text: `${label(f.field)}: ${message(problem, f)}`,
      });
    }
  }
  return items;
}

export interface SummaryItem {
  text: string;
  /** The DOM id of the field on this step. */
  target?: string;
  /** A link to another step (and field) instead. */
  to?: string;
}

/**
 * The GOV.UK error summary (as components/ErrorSummary) whose links may also lead to another step's field, and
 * which focuses a field's control even where the id is on its group (radio buttons, lists).
 */
export function WizardSummary({ items }: { items: SummaryItem[] }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const key = items.map((i) => i.text).join('|');
  useEffect(() => {
    if (key) {
      ref.current?.focus();
    }
  }, [key]);
  if (items.length === 0) {
    return null;
  }
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{t('errors.summaryTitle')}</h2>
      <ul>
        {items.map((item, i) => (
          <li key={i}>
            {item.to ? (
              <Link to={item.to}>{item.text}</Link>
            ) : item.target ? (
              <a
                href={`#${item.target}`}
                onClick={(e) => {
                  e.preventDefault();
                  focusField(item.target ?? '');
                }}
              >
                {item.text}
              </a>
            ) : (
              item.text
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FrameProps {
  step: StepId;
  draftId: string | null;
  summary: SummaryItem[];
  children: ReactNode;
}

export function StepFrame({ step, draftId, summary, children }: FrameProps) {
  const t = useT();
  const title = useStepTitle();
  const location = useLocation();
  const n = STEPS.indexOf(step) + 1;

  useEffect(() => {
    document.title = `${title(step)} · ${t('nav.new')} · ${t('app.name')}`;
  }, [step, title, t]);

  // A "Change" or error link names the field in the URL's hash: focus it once the step is shown (after the
  // console's own focus on <main> for a new path).
  useEffect(() => {
    const id = location.hash.slice(1);
    if (id) {
      const timer = window.setTimeout(() => focusField(decodeURIComponent(id)), 50);
      return () => window.clearTimeout(timer);
    }
    return undefined;
  }, [location.hash, location.pathname]);

  return (
    <div className="wizard">
      <nav className="wizard-steps" aria-label={t('wizard.stepsLabel')}>
        <ol>
          {STEPS.map((s, i) => {
            const text = t('wizard.stepItem', { n: i + 1, title: title(s) });
            const reachable = draftId !== null || s === 'channel';
            return (
              <li key={s} className={s === step ? 'current' : undefined}>
                {s === step ? (
                  <span aria-current="step">{text}</span>
                ) : reachable ? (
                  <Link to={draftId ? stepPath(draftId, s) : '/new'}>{text}</Link>
                ) : (
                  <span>{text}</span>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
      <div className="wizard-body">
        <p className="wizard-caption">{t('wizard.caption', { n, total: STEPS.length })}</p>
        <h1>{title(step)}</h1>
        <WizardSummary items={summary} />
        {children}
      </div>
    </div>
  );
}
