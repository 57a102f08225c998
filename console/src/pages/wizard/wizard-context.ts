// What the wizard keeps across its steps: the last submission's problems (each step shows its own) and the
// SHA-256 this browser computed of each file it uploaded (compared with the engine's on the documents step).
import { createContext, useContext } from 'react';
import type { ApiProblem } from '../../api/errors';

export interface WizardState {
  submitProblem: { draftId: string; problem: ApiProblem } | null;
  setSubmitProblem: (p: { draftId: string; problem: ApiProblem } | null) => void;
  browserHashes: Record<string, string>;
  addBrowserHash: (attachmentId: string, hash: string) => void;
}

/** The last submission's problems without those of a step just saved again (the engine will judge it anew). */
export function withoutStep(
  state: WizardState['submitProblem'],
  draftId: string,
  belongs: (field: string) => boolean,
): WizardState['submitProblem'] {
  if (!state || state.draftId !== draftId) {
    return state;
  }
  const fields = state.problem.fields.filter((f) => !belongs(f.field));
  return fields.length === 0 ? null : { ...state, problem: { ...state.problem, fields } };
}

export const WizardContext = createContext<WizardState | null>(null);

export function useWizard(): WizardState {
  const state = useContext(WizardContext);
  if (!state) {
    throw new Error('useWizard outside the wizard');
  }
  return state;
}
