// Step 6: the draft's documents (warrant, judgment, translation, evidence). Each upload goes to the draft at once
// (multipart POST /v1/requests/:id/attachments); the list shows each file's name, size and the engine's SHA-256,
// and, for files sent from this browser, the SHA-256 computed here (crypto.subtle) and whether the two match.
import { useEffect, useState } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { useNavigate } from 'react-router';
import type { Attachment, RequestDetail } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { Field } from '../../components/Field';
import { useDynamicT, useT } from '../../i18n/t';
import { listDocuments, sha256Hex, uploadDocument } from './draft-api';
import { StepFrame, stepPath, useSummary } from './StepFrame';
import { useWizard } from './wizard-context';

const KINDS = ['warrant', 'judgment', 'translation', 'evidence', 'other'];

export function DocumentsStep({
  draft,
  reload,
}: {
  draft: RequestDetail;
  reload: () => Promise<RequestDetail | null>;
}) {
  const t = useT();
  const dt = useDynamicT();
  const navigate = useNavigate();
  const { browserHashes, addBrowserHash } = useWizard();
  const [documents, setDocuments] = useState<Attachment[] | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState('evidence');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [busy, setBusy] = useState(false);
  const summary = useSummary(problem ? [problem] : []);

  useEffect(() => {
    void listDocuments(draft.id).then((r) => setDocuments(r.ok ? r.data : []));
  }, [draft.id]);

  async function upload() {
    if (!file) {
      setProblem({
        status: 400,
        code: 'VALIDATION_FAILED',
        message: '',
        fields: [{ field: 'file', messages: [t('wizard.documents.fileRequired')] }],
      });
      return;
    }
    setBusy(true);
    const [local, result] = await Promise.all([
      sha256Hex(file),
      uploadDocument(draft.id, file, kind, description),
    ]);
    setBusy(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    addBrowserHash(result.data.id, local);
    setFile(null);
    setDescription('');
    const listed = await listDocuments(draft.id);
    setDocuments(listed.ok ? listed.data : []);
    await reload();
    setAnnouncement(
      t(local === result.data.sha256 ? 'wizard.documents.uploaded' : 'wizard.documents.mismatch', {
        name: result.data.filename,
      }),
    );
  }

  const fileErrors = problem?.fields.filter((f) => f.field === 'file').flatMap((f) => f.messages) ?? [];

  return (
    <StepFrame step="documents" draftId={draft.id} summary={summary}>
      <p>{t('wizard.intro.documents')}</p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {announcement && <p className="notice">{announcement}</p>}

      <section aria-labelledby="docs-title">
        <h2 id="docs-title">{t('documents.title')}</h2>
        {documents === null ? (
          <p>{t('common.loading')}</p>
        ) : documents.length === 0 ? (
          <p>{t('documents.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="wizard-documents">
              <thead>
                <tr>
                  <th scope="col">{t('documents.name')}</th>
                  <th scope="col">{t('documents.kind')}</th>
                  <th scope="col">{t('documents.size')}</th>
                  <th scope="col">{t('wizard.documents.serverHash')}</th>
                  <th scope="col">{t('wizard.documents.browserHash')}</th>
                </tr>
              </thead>
              <tbody>
                {documents.map((d) => {
                  const local = browserHashes[d.id];
                  return (
                    <tr key={d.id}>
                      <th scope="row">
                        <bdi>{d.filename}</bdi>
                        {d.description && <div className="muted">{d.description}</div>}
                      </th>
                      <td>{dt(`docKind.${d.kind}`, d.kind)}</td>
                      <td>{t('common.bytes', { size: d.size })}</td>
                      <td>
                        <code className="hash" data-sha256="server">
                          {d.sha256}
                        </code>
                      </td>
                      <td>
                        {local ? (
                          <>
                            <code className="hash" data-sha256="browser">
                              {local}
                            </code>
                            <div className={local === d.sha256 ? 'hash-match' : 'hash-mismatch'}>
                              {local === d.sha256
                                ? t('wizard.documents.match')
                                : t('wizard.documents.noMatch')}
                            </div>
                          </>
                        ) : (
                          <span className="muted">{t('wizard.documents.notHere')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="upload-title">
        <h2 id="upload-title">{t('wizard.documents.add')}</h2>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void upload();
          }}
        >
          <div className="field">
            <label htmlFor="f-kind">{t('documents.kind')}</label>
            <select id="f-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {dt(`docKind.${k}`, k)}
                </option>
              ))}
            </select>
          </div>
          <div className={fileErrors.length > 0 ? 'field field-invalid' : 'field'}>
            <span className="field-label" id="file-label">
              {t('wizard.documents.file')}
            </span>
            {fileErrors.length > 0 && <p className="field-error">{fileErrors.join(' ')}</p>}
            <FileTrigger onSelect={(files) => setFile(files?.[0] ?? null)}>
              <Button id="f-file" className="button secondary" aria-describedby="file-label file-chosen">
                {t('wizard.documents.choose')}
              </Button>
            </FileTrigger>
            <p id="file-chosen" className="hint">
              {file
                ? t('wizard.documents.chosen', { name: file.name, size: file.size })
                : t('wizard.documents.noneChosen')}
            </p>
          </div>
          <Field
            id="f-description"
            label={t('wizard.documents.description')}
            value={description}
            onChange={setDescription}
            errors={problem?.fields.filter((f) => f.field === 'description').flatMap((f) => f.messages)}
          />
          <button type="submit" className="button secondary" disabled={busy}>
            {t('wizard.documents.upload')}
          </button>
        </form>
      </section>

      <div className="wizard-buttons">
        <button type="button" className="button" onClick={() => void navigate(stepPath(draft.id, 'check'))}>
          {t('wizard.continue')}
        </button>
      </div>
    </StepFrame>
  );
}
