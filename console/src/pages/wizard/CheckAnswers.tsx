// Step 7: "Check your answers" (GOV.UK): every answer with a "Change" link to its step and field, then "Submit
// request", the channel's sending action with If-Match. What the engine still finds missing (422, with field
// paths) is listed at the top, each linking to its step and field, where it is shown again next to the field.
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Attachment, RequestDetail } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { useAnswer } from '../../components/answers';
import { Loading } from '../../components/States';
import { useDates, useLabels } from '../../format';
import { useDynamicT, useT } from '../../i18n/t';
import { partyLabel, partyNames } from '../../parties';
import { useWorkflows } from '../../workflows';
import { useLanguageName } from './AuthorityStep';
import { listDocuments, perform } from './draft-api';
import { detailsSchemaOf, draftSchema, FIELD_STEPS, sendingActions, stepOfField, type StepId } from './model';
import { StepFrame, stepPath, useProblemText, useStepTitle, type SummaryItem } from './StepFrame';
import { useWizard } from './wizard-context';

interface Row {
  label: string;
  value: React.ReactNode;
  step?: StepId;
  field?: string;
}

export function CheckAnswers({
  draft,
  reload,
}: {
  draft: RequestDetail;
  reload: () => Promise<RequestDetail | null>;
}) {
  const t = useT();
  const dt = useDynamicT();
  const labels = useLabels();
  const { dateTime } = useDates();
  const stepTitle = useStepTitle();
  const languageName = useLanguageName();
  const workflows = useWorkflows();
  const navigate = useNavigate();
  const { submitProblem, setSubmitProblem } = useWizard();
  const { label: problemLabel, message } = useProblemText();
  const { answer, fieldLabel, notGiven } = useAnswer({ channel: draft.channel, names: partyNames(draft) });
  const [documents, setDocuments] = useState<Attachment[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<ApiProblem | null>(null);

  useEffect(() => {
    void listDocuments(draft.id).then((r) => setDocuments(r.ok ? r.data : []));
  }, [draft.id]);

  const workflow = workflows?.find((w) => w.channel === draft.channel);
  if (!workflow || documents === null) {
    return <Loading />;
  }
  const common = draftSchema();
  const details = detailsSchemaOf(workflow);
  const record = draft as unknown as Record<string, unknown>;
  const sections: { step: StepId; rows: Row[] }[] = [
    {
      step: 'authority',
      rows: [
        { label: t('request.channel'), value: labels.channel(draft.channel) },
        {
          label: t('request.requested'),
          value: (
            <bdi>
              {draft.requestedAuthority.name} ({draft.requestedAuthority.code})
            </bdi>
          ),
        },
        ...((workflow.maxAdditionalParties ?? 0) > 0
          ? [
              {
                label: t('request.additionalParties'),
                value:
                  (draft.additionalParties ?? []).length === 0 ? (
                    notGiven
                  ) : (
                    <ul className="answer-list">
                      {(draft.additionalParties ?? []).map((p) => (
                        <li key={p.id}>
                          <bdi>{partyLabel(p)}</bdi>
                        </li>
                      ))}
                    </ul>
                  ),
                step: 'authority' as const,
                field: 'additionalPartyIds',
              },
            ]
          : []),
        {
          label: t('request.urgency'),
          value: labels.urgency(draft.urgency),
          step: 'authority',
          field: 'urgency',
        },
        {
          label: t('wizard.authority.language'),
          value: draft.language ? languageName(draft.language) : notGiven,
          step: 'authority',
          field: 'language',
        },
      ],
    },
    ...(['case', 'assistance'] as const).map((step) => ({
      step,
      rows: [
        ...FIELD_STEPS[step].map((f) => ({
          label: fieldLabel(f),
          value: answer(common.properties?.[f] ?? {}, record[f]),
          step,
          field: f,
        })),
        ...(step === 'assistance'
          ? [
              {
                label: t('wizard.field.suggestedDeadline'),
                value: draft.suggestedDeadline ? dateTime(draft.suggestedDeadline) : notGiven,
                step,
                field: 'suggestedDeadline',
              },
              {
                label: t('wizard.field.deadlineReason'),
                value: draft.deadlineReason ? (
                  <bdi className="answer-text">{draft.deadlineReason}</bdi>
                ) : (
                  notGiven
                ),
                step,
                field: 'deadlineReason',
              },
            ]
          : []),
      ],
    })),
    {
      step: 'details',
      rows: Object.entries(details?.properties ?? {}).map(([f, s]) => ({
        label: fieldLabel(f),
        value: answer(s, draft.details[f]),
        step: 'details' as const,
        field: `details.${f}`,
      })),
    },
    {
      step: 'documents',
      rows: [
        {
          label: t('documents.title'),
          value:
            documents.length === 0 ? (
              notGiven
            ) : (
              <ul className="answer-list">
                {documents.map((d) => (
                  <li key={d.id}>
                    <bdi>{d.filename}</bdi> — {t('common.bytes', { size: d.size })}
                  </li>
                ))}
              </ul>
            ),
          step: 'documents',
        },
      ],
    },
  ];

  const problem = submitProblem?.draftId === draft.id ? submitProblem.problem : null;
  const summary: SummaryItem[] = [];
  for (const p of [problem, general].filter((x): x is ApiProblem => x !== null)) {
    if (p.fields.length === 0) {
      summary.push({ text: dt(`errors.${p.code}`, t('errors.generic', { code: p.code })) });
    }
    for (const f of p.fields) {
      const step = stepOfField(f.field);
      summary.push({
        text: `${problemLabel(f.field)}: ${message(p, f)}`,
        ...(step === 'check' ? {} : { to: stepPath(draft.id, step, f.field) }),
      });
    }
  }
  if (problem && problem.fields.length > 0 && problem.code === 'INCOMPLETE_REQUEST') {
    summary.unshift({ text: t('errors.INCOMPLETE_REQUEST') });
  }

  async function submit(action: string) {
    setBusy(true);
    const fresh = (await reload()) ?? draft;
    const result = await perform(fresh, action);
    setBusy(false);
    if (result.ok) {
      setSubmitProblem(null);
      void navigate(`/requests/${draft.id}`);
      return;
    }
    if (result.problem.fields.length > 0) {
      setSubmitProblem({ draftId: draft.id, problem: result.problem });
      setGeneral(null);
    } else {
      setGeneral(result.problem);
    }
  }

  const actions = sendingActions(workflow);
  return (
    <StepFrame step="check" draftId={draft.id} summary={summary}>
      <p>{t('wizard.intro.check', { reference: draft.reference })}</p>
      {sections.map(({ step, rows }) => (
        <section key={step} aria-labelledby={`check-${step}`}>
          <h2 id={`check-${step}`}>{stepTitle(step)}</h2>
          <dl className="summary-list check-list">
            {rows.map((row, i) => (
              <div className="summary-row check-row" key={i}>
                <dt>{row.label}</dt>
                <dd>{row.value}</dd>
                <dd className="check-change">
                  {row.step && (
                    <Link to={stepPath(draft.id, row.step, row.field)}>
                      {t('wizard.check.change')}
                      <span className="visually-hidden"> {row.label}</span>
                    </Link>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <section aria-labelledby="check-send">
        <h2 id="check-send">{t('wizard.check.sendTitle')}</h2>
        <p>{t('wizard.check.sendBody')}</p>
        <div className="wizard-buttons">
          {actions.map((a, i) => (
            <button
              key={a}
              type="button"
              className={i === 0 ? 'button' : 'button secondary'}
              disabled={busy}
              onClick={() => void submit(a)}
            >
              {/* One way to send: "Submit request"; several (extradition: with or without a provisional
                  arrest first): each under its own title. */}
              {actions.length === 1 ? t('wizard.check.submit') : labels.action(draft.channel, a)}
            </button>
          ))}
        </div>
      </section>
    </StepFrame>
  );
}
