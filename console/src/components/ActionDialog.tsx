// One action: a button named by the action's title (GET /v1/workflows) opening a modal dialog with the
// payload's fields and "Confirm", which performs it with If-Match: "<version>". API errors go next to their
// fields and into the error summary at the top of the dialog.
import { useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { ApiProblem } from '../api/errors';
import { rawJson } from '../api/raw';
import { useLocale } from '../i18n/locale';
import { useDynamicT, useT } from '../i18n/t';
import { useLabels } from '../format';
import { findAction, useWorkflows } from '../workflows';
import { ErrorSummary, type SummaryItem } from './ErrorSummary';
import { fieldId, initialValue, payloadSchema, SchemaFields, toBody, type FormValue } from './SchemaForm';

interface Props {
  requestId: string;
  channel: string;
  action: string;
  version: number;
  /** Values the dialog's fields start with (e.g. the version of the terms a signature is given to). */
  defaults?: Record<string, FormValue>;
  /** After the action applied, or when the request moved on meanwhile (409/412): read the request again. */
  onDone: () => void;
}

export function ActionDialog({ requestId, channel, action, version, defaults, onDone }: Props) {
  const labels = useLabels();
  const title = labels.action(channel, action);
  const [open, setOpen] = useState(false);
  return (
    <DialogTrigger isOpen={open} onOpenChange={setOpen}>
      <Button className="button">{title}</Button>
      <ModalOverlay className="modal-overlay" isDismissable={false}>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <ActionForm
                requestId={requestId}
                channel={channel}
                action={action}
                version={version}
                defaults={defaults}
                title={title}
                close={close}
                onApplied={() => {
                  close();
                  onDone();
                }}
                onStale={onDone}
              />
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}

function ActionForm({
  requestId,
  channel,
  action,
  version,
  defaults,
  title,
  close,
  onApplied,
  onStale,
}: Omit<Props, 'onDone'> & { title: string; close: () => void; onApplied: () => void; onStale: () => void }) {
  const t = useT();
  const dt = useDynamicT();
  const { locale } = useLocale();
  const workflows = useWorkflows();
  const description = findAction(workflows, channel, action);
  const schema = payloadSchema(description?.payload);
  // The catalogue's help (the channel's own where an action name means different things in different channels);
  // without one, the engine's English description for English readers only.
  const help = dt(
    `actionHelp.${channel}.${action}`,
    dt(`actionHelp.${action}`, locale === 'en' ? (description?.description ?? '') : ''),
  );
  const hasFields = schema !== null && Object.keys(schema.properties ?? {}).length > 0;
  const [value, setValue] = useState<FormValue>(() =>
    schema ? { ...(initialValue(schema) as Record<string, FormValue>), ...defaults } : {},
  );
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    const body = schema ? toBody(schema, value) : {};
    const result = await rawJson(
      'POST',
      `/v1/requests/${encodeURIComponent(requestId)}/actions/${encodeURIComponent(action)}`,
      body,
      { 'If-Match': `"${version}"` },
    );
    setBusy(false);
    if (result.ok) {
      onApplied();
      return;
    }
    setProblem(result.problem);
    if (result.problem.code === 'VERSION_MISMATCH' || result.problem.code === 'INVALID_TRANSITION') {
      onStale();
    }
  }

  const summary: SummaryItem[] = [];
  if (problem) {
    const general = dt(
      `errors.${problem.code}`,
      problem.status === 0 ? t('errors.network') : t('errors.generic', { code: problem.code }),
    );
    if (problem.fields.length === 0 || problem.code !== 'VALIDATION_FAILED') {
      summary.push({ text: general });
    }
    for (const f of problem.fields) {
      const leaf =
        f.field
          .replace(/\[\d+\]/g, '')
          .split('.')
          .pop() ?? f.field;
      summary.push({
        target: targetFor(f.field),
        text: `${dt(`field.${channel}.${action}.${leaf}`, dt(`field.${leaf}`, leaf))}: ${f.messages.join(' ')}`,
      });
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
      noValidate
    >
      <Heading slot="title">{title}</Heading>
      <ErrorSummary items={summary} />
      {help && <p className="muted">{help}</p>}
      {hasFields && schema ? (
        <SchemaFields
          schema={schema}
          value={value}
          onChange={setValue}
          errorsFor={(path) => exact(problem, path)}
          channel={channel}
          action={action}
        />
      ) : (
        <p>{t('dialog.noFields')}</p>
      )}
      <div className="dialog-buttons">
        <button type="submit" className="button" disabled={busy}>
          {t('common.confirm')}
        </button>
        <button type="button" className="button secondary" onClick={close}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The id of the field a problem's path names, or of the nearest enclosing one shown ("grounds[1]" -> grounds). */
function targetFor(path: string): string | undefined {
  for (let p = path; p; p = p.replace(/(\[\d+\]|\.[^.[\]]+)$/, '')) {
    if (document.getElementById(fieldId(p))) {
      return fieldId(p);
    }
    if (!/(\[\d+\]|\.[^.[\]]+)$/.test(p)) {
      break;
    }
  }
  return undefined;
}

/** The messages for this field: its own, and those of parts not shown as fields of their own (grounds[1]). */
function exact(problem: ApiProblem | null, path: string): string[] {
  return (problem?.fields ?? [])
    .filter((f) => f.field === path || targetFor(f.field) === fieldId(path))
    .flatMap((f) => f.messages);
}
