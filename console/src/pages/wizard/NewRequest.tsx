// /new — the new-request wizard. /new is the channel step; /new/authority?channel=<c> the requested State and
// authority before the draft exists; from the first "Save and continue" on, /new/<draftId>/<step> (a reload or
// a link from "Drafts" resumes it). The last submission's completeness errors are kept here, across the steps,
// so that each step shows its own next to its fields.
import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, Route, Routes, useParams } from 'react-router';
import type { RequestDetail } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { Loading, NotFound } from '../../components/States';
import { useSignedIn } from '../../session-context';
import { useT } from '../../i18n/t';
import { useWorkflows } from '../../workflows';
import { AuthorityStep } from './AuthorityStep';
import { ChannelStep } from './ChannelStep';
import { CheckAnswers } from './CheckAnswers';
import { DocumentsStep } from './DocumentsStep';
import { loadDraft } from './draft-api';
import { FieldsStep } from './FieldsStep';
import { STEPS, type StepId } from './model';
import { WizardContext, type WizardState } from './wizard-context';
import './wizard.css';

export function NewRequest() {
  const t = useT();
  const session = useSignedIn();
  const [submitProblem, setSubmitProblem] = useState<WizardState['submitProblem']>(null);
  const [browserHashes, setBrowserHashes] = useState<Record<string, string>>({});
  if (!session.user.roles.includes('officer')) {
    return (
      <>
        <h1>{t('nav.new')}</h1>
        <p>{t('wizard.officersOnly')}</p>
      </>
    );
  }
  const value: WizardState = {
    submitProblem,
    setSubmitProblem,
    browserHashes,
    addBrowserHash: (id, hash) => setBrowserHashes((h) => ({ ...h, [id]: hash })),
  };
  return (
    <WizardContext.Provider value={value}>
      <Routes>
        <Route index element={<ChannelStep draft={null} />} />
        <Route path="authority" element={<AuthorityStep draft={null} onSaved={() => undefined} />} />
        <Route path=":id/:step" element={<DraftStep />} />
        <Route path=":id" element={<Navigate to="channel" replace />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </WizardContext.Provider>
  );
}

function isStep(s: string): s is StepId {
  return (STEPS as string[]).includes(s);
}

/** A step of a saved draft: the draft read again whenever the id changes, and after each save. */
function DraftStep() {
  const { id = '', step = '' } = useParams();
  const t = useT();
  const workflows = useWorkflows();
  const [draft, setDraft] = useState<RequestDetail | null>(null);
  const [missing, setMissing] = useState<ApiProblem | null>(null);

  const reload = useCallback(async () => {
    const result = await loadDraft(id);
    if (result.ok) {
      setDraft(result.data);
      setMissing(null);
    } else {
      setMissing(result.problem);
    }
    return result.ok ? result.data : null;
  }, [id]);

  useEffect(() => {
    setDraft(null);
    void reload();
  }, [reload]);

  if (missing) {
    return <NotFound />;
  }
  if (!draft || !workflows) {
    return <Loading />;
  }
  if (!isStep(step)) {
    return <NotFound />;
  }
  if (
    draft.status !== workflows.find((w) => w.channel === draft.channel)?.initial ||
    draft.side !== 'requesting'
  ) {
    return (
      <>
        <h1>{t('wizard.notDraft.title')}</h1>
        <p>{t('wizard.notDraft.body', { reference: draft.reference })}</p>
        <p>
          <Link to={`/requests/${draft.id}`}>{t('wizard.notDraft.link')}</Link>
        </p>
      </>
    );
  }
  switch (step) {
    case 'channel':
      return <ChannelStep draft={draft} />;
    case 'authority':
      return <AuthorityStep draft={draft} onSaved={setDraft} />;
    case 'case':
    case 'assistance':
    case 'details':
      return <FieldsStep key={step} step={step} draft={draft} onSaved={setDraft} />;
    case 'documents':
      return <DocumentsStep draft={draft} reload={reload} />;
    case 'check':
      return <CheckAnswers draft={draft} reload={reload} />;
  }
}
