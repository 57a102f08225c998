// Steps 3-5: the case (subject, proceedings, facts, offences, persons), the assistance sought (with a suggested
// deadline and its reason, UNTOC 18(24)) and the channel's own details, each built from its schema with the
// action dialogs' SchemaForm. "Save and continue" PATCHes the draft with If-Match; errors go next to the fields.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { RequestDetail } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { Field } from '../../components/Field';
import {
  FieldChoices,
  SchemaFields,
  SchemaLabels,
  toBody,
  type FormValue,
  type JsonSchema,
} from '../../components/SchemaForm';
import { Loading } from '../../components/States';
import { useLocale } from '../../i18n/locale';
import { useDynamicT, useT } from '../../i18n/t';
import { partyChoices } from '../../parties';
import { useWorkflows } from '../../workflows';
import { saveDraft } from './draft-api';
import {
  detailsSchemaOf,
  draftSchema,
  FIELD_STEPS,
  fromLocalInput,
  partOf,
  STEPS,
  stepOfField,
  toForm,
  toLocalInput,
} from './model';
import { prune } from './prune';
import { useWizard, withoutStep } from './wizard-context';
import { StepFrame, stepPath, useStepProblems, useSummary } from './StepFrame';

type FieldsStepId = 'case' | 'assistance' | 'details';

/** The schema of a step and the draft's current answers to it. */
function stepSchema(step: FieldsStepId, details: JsonSchema | null): JsonSchema {
  return step === 'details'
    ? (details ?? { type: 'object', properties: {} })
    : partOf(draftSchema(), FIELD_STEPS[step]);
}

export function FieldsStep({
  step,
  draft,
  onSaved,
}: {
  step: FieldsStepId;
  draft: RequestDetail;
  onSaved: (d: RequestDetail) => void;
}) {
  const workflows = useWorkflows();
  const workflow = workflows?.find((w) => w.channel === draft.channel);
  if (!workflow) {
    return <Loading />;
  }
  return (
    <FieldsForm
      step={step}
      draft={draft}
      onSaved={onSaved}
      schema={stepSchema(step, detailsSchemaOf(workflow))}
    />
  );
}

function FieldsForm({
  step,
  draft,
  onSaved,
  schema,
}: {
  step: FieldsStepId;
  draft: RequestDetail;
  onSaved: (d: RequestDetail) => void;
  schema: JsonSchema;
}) {
  const t = useT();
  const dt = useDynamicT();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const { submitProblem, setSubmitProblem } = useWizard();
  const source = step === 'details' ? draft.details : (draft as unknown as Record<string, unknown>);
  const [value, setValue] = useState<FormValue>(() => toForm(schema, source));
  const [deadline, setDeadline] = useState(toLocalInput(draft.suggestedDeadline));
  const [reason, setReason] = useState(draft.deadlineReason ?? '');
  const [own, setOwn] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const { problems, errorsFor } = useStepProblems(step, draft.id, own);
  const summary = useSummary(problems);
  const hasFields = Object.keys(schema.properties ?? {}).length > 0;

  async function save() {
    setBusy(true);
    const fields = prune(schema, toBody(schema, value)) as Record<string, unknown>;
    const body: Record<string, unknown> = step === 'details' ? { details: fields } : fields;
    if (step === 'assistance') {
      const iso = fromLocalInput(deadline);
      if (iso) {
        body.suggestedDeadline = iso;
      }
      if (reason) {
        body.deadlineReason = reason;
      }
    }
    const result =
      Object.keys(body).length === 0 ? { ok: true as const, data: draft } : await saveDraft(draft, body);
    setBusy(false);
    if (!result.ok) {
      setOwn(result.problem);
      return;
    }
    setOwn(null);
    setSubmitProblem(withoutStep(submitProblem, result.data.id, (f) => stepOfField(f) === step));
    onSaved(result.data);
    void navigate(stepPath(draft.id, STEPS[STEPS.indexOf(step) + 1] ?? 'check'));
  }

  return (
    <StepFrame step={step} draftId={draft.id} summary={summary}>
      <p>{dt(`wizard.intro.${step}`, '') || t('wizard.intro.generic')}</p>
      {step === 'details' && locale === 'en' && schema.description && (
        <p className="muted">{schema.description}</p>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <SchemaLabels.Provider value={{ prefix: 'wizard.', markOptional: false }}>
          {hasFields ? (
            // A field naming one of the request's parties (a team member's) offers them by name.
            <FieldChoices.Provider value={partyChoices(draft)}>
              <SchemaFields
                schema={schema}
                value={value}
                onChange={setValue}
                errorsFor={errorsFor}
                channel={draft.channel}
                action=""
                path={step === 'details' ? 'details' : ''}
              />
            </FieldChoices.Provider>
          ) : (
            <p>{t('wizard.details.none')}</p>
          )}
        </SchemaLabels.Provider>
        {step === 'assistance' && (
          <>
            <Field
              id="f-suggestedDeadline"
              type="datetime-local"
              label={t('wizard.field.suggestedDeadline')}
              hint={t('wizard.hint.suggestedDeadline')}
              value={deadline}
              onChange={setDeadline}
              errors={errorsFor('suggestedDeadline')}
            />
            <Field
              id="f-deadlineReason"
              multiline
              label={t('wizard.field.deadlineReason')}
              hint={t('wizard.hint.deadlineReason')}
              value={reason}
              onChange={setReason}
              errors={errorsFor('deadlineReason')}
            />
          </>
        )}
        <div className="wizard-buttons">
          <button type="submit" className="button" disabled={busy}>
            {t('wizard.saveContinue')}
          </button>
        </div>
      </form>
    </StepFrame>
  );
}
