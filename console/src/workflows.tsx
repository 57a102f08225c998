// GET /v1/workflows, read once per session: action titles (the accessible names of action buttons),
// payload schema names, and each channel's states.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, type Workflow, type WorkflowAction } from './api/client';

const WorkflowsContext = createContext<Workflow[] | null>(null);

export function WorkflowsProvider({ children }: { children: ReactNode }) {
  const [workflows, setWorkflows] = useState<Workflow[] | null>(null);
  useEffect(() => {
    let live = true;
    void api.GET('/v1/workflows').then(({ data }) => {
      if (live && data) {
        setWorkflows(data);
      }
    });
    return () => {
      live = false;
    };
  }, []);
  return <WorkflowsContext.Provider value={workflows}>{children}</WorkflowsContext.Provider>;
}

export function useWorkflows(): Workflow[] | null {
  return useContext(WorkflowsContext);
}

export function findAction(
  workflows: Workflow[] | null,
  channel: string,
  action: string,
): WorkflowAction | undefined {
  return workflows?.find((w) => w.channel === channel)?.actions.find((a) => a.action === action);
}
