// Step 2: the requested State and authority from the directory (GET /v1/authorities), only of the kinds the
// channel goes to (GET /v1/workflows); what the directory says of them: the languages the authority accepts,
// the State's 24/7 point of contact (UNCC art. 41: urgent preservation goes there, and is urgent by default
// when addressed to it), the State's declared periods (GET /v1/states/:country/settings). Then the urgency and
// the language of the request; on a multi-party channel, the further parties (AdditionalParties). The first
// "Save and continue" creates the draft; channel and counterpart are fixed from then on (the further parties
// may change while it is a draft).
import { useEffect, useMemo, useState } from 'react';
import { FieldError, Label, Radio, RadioGroup } from 'react-aria-components';
import { useIntl } from 'react-intl';
import { useNavigate, useSearchParams } from 'react-router';
import { api, type RequestDetail, type Schemas } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { Loading, NotFound } from '../../components/States';
import { useLocale } from '../../i18n/locale';
import { useDynamicT, useT } from '../../i18n/t';
import { useSignedIn } from '../../session-context';
import { useWorkflows } from '../../workflows';
import { AdditionalParties, StateOptions } from './AdditionalParties';
import { createDraft, saveDraft } from './draft-api';
import { stepOfField } from './model';
import { useWizard, withoutStep } from './wizard-context';
import { StepFrame, stepPath, useStepProblems, useSummary, type SummaryItem } from './StepFrame';

type Authority = Schemas['AuthorityResponse'];
type Settings = Schemas['StateSettingsResponse'];

const URGENCIES = ['normal', 'urgent', 'emergency'];
const CONTACT_24_7 = 'contact-24-7';

export function useLanguageName(): (code: string) => string {
  const { locale } = useLocale();
  const names = useMemo(() => new Intl.DisplayNames([locale], { type: 'language' }), [locale]);
  return (code: string) => {
    try {
      return names.of(code) ?? code;
    } catch {
      return code;
    }
  };
}

export function AuthorityStep({
  draft,
  onSaved,
}: {
  draft: RequestDetail | null;
  onSaved: (d: RequestDetail) => void;
}) {
  const t = useT();
  const dt = useDynamicT();
  const intl = useIntl();
  const languageName = useLanguageName();
  const session = useSignedIn();
  const workflows = useWorkflows();
  const navigate = useNavigate();
  const { submitProblem, setSubmitProblem } = useWizard();
  const [params] = useSearchParams();
  const channel = draft?.channel ?? params.get('channel') ?? '';
  const workflow = workflows?.find((w) => w.channel === channel);

  const [authorities, setAuthorities] = useState<Authority[] | null>(null);
  const [country, setCountry] = useState(draft?.requestedAuthority.country ?? '');
  const [authorityId, setAuthorityId] = useState<string | null>(draft?.requestedAuthority.id ?? null);
  const [urgency, setUrgency] = useState<string>(draft?.urgency ?? 'normal');
  const [urgencyTouched, setUrgencyTouched] = useState(draft !== null);
  const [language, setLanguage] = useState<string | null>(draft?.language ?? null);
  const [additional, setAdditional] = useState<string[]>(
    () => draft?.additionalParties?.map((p) => p.id) ?? [],
  );
  const [settings, setSettings] = useState<Settings | null>(null);
  const [own, setOwn] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const { problems, errorsFor } = useStepProblems('authority', draft?.id ?? null, own);
  const summary: SummaryItem[] = useSummary(problems);

  useEffect(() => {
    void api.GET('/v1/authorities').then(({ data }) => setAuthorities(data ?? []));
  }, []);

  useEffect(() => {
    setSettings(null);
    if (country) {
      void api
        .GET('/v1/states/{country}/settings', { params: { path: { country } } })
        .then(({ data }) => setSettings(data ?? null));
    }
  }, [country]);

  if (!workflows || !authorities) {
    return <Loading />;
  }
  if (!workflow) {
    return <NotFound />;
  }
  const kinds = workflow.requestedAuthorityKinds;
  const eligible = authorities.filter((a) => kinds.includes(a.kind) && a.id !== session.user.authorityId);
  const countries = [...new Set(eligible.map((a) => a.country))].sort();
  const inCountry = eligible.filter((a) => a.country === country);
  const selected = authorities.find((a) => a.id === authorityId) ?? null;
  const contacts = authorities.filter((a) => a.country === country && a.kind === CONTACT_24_7);
  const offers247 = kinds.includes(CONTACT_24_7);
  const maxAdditional = workflow.maxAdditionalParties ?? 0;
  const kindLabel = (k: string) => dt(`wizard.kind.${k}`, k);

  function choose(id: string) {
    setAuthorityId(id);
    const a = authorities?.find((x) => x.id === id);
    setLanguage((l) => (a && l && a.languages.includes(l) ? l : (a?.languages[0] ?? null)));
    // The engine makes a request to a 24/7 point urgent unless told otherwise: show it so.
    if (a && !urgencyTouched) {
      setUrgency(a.kind === CONTACT_24_7 ? 'urgent' : 'normal');
    }
    setOwn(null);
  }

  async function save() {
    if (!authorityId) {
      setOwn({
        status: 400,
        code: 'VALIDATION_FAILED',
        message: '',
        fields: [{ field: 'requestedAuthorityId', messages: [t('wizard.authority.required')] }],
      });
      return;
    }
    setBusy(true);
    const body: Record<string, unknown> = {
      urgency,
      ...(language ? { language } : {}),
      // A multi-party channel's further parties (none of them the requested one, chosen after them).
      ...(maxAdditional > 0 ? { additionalPartyIds: additional.filter((id) => id !== authorityId) } : {}),
    };
    const result = draft
      ? await saveDraft(draft, body)
      : await createDraft({ channel, requestedAuthorityId: authorityId, ...body });
    setBusy(false);
    if (!result.ok) {
      setOwn(result.problem);
      return;
    }
    setSubmitProblem(withoutStep(submitProblem, result.data.id, (f) => stepOfField(f) === 'authority'));
    onSaved(result.data);
    void navigate(stepPath(result.data.id, 'case'));
  }

  return (
    <StepFrame step="authority" draftId={draft?.id ?? null} summary={summary}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {draft ? (
          <>
            <dl className="summary-list">
              <div className="summary-row">
                <dt>{t('request.requested')}</dt>
                <dd>
                  <bdi>
                    {draft.requestedAuthority.name} ({draft.requestedAuthority.code})
                  </bdi>
                </dd>
              </div>
            </dl>
            <p className="hint">{t('wizard.authority.fixed')}</p>
          </>
        ) : (
          <>
            <div className="field">
              <label htmlFor="f-requestedState">{t('wizard.authority.state')}</label>
              <select
                id="f-requestedState"
                value={country}
                onChange={(e) => {
                  setCountry(e.target.value);
                  setAuthorityId(null);
                  setLanguage(null);
                }}
              >
                <StateOptions countries={countries} />
              </select>
            </div>
            {country && (
              <RadioGroup
                className="field"
                id="f-requestedAuthorityId"
                value={authorityId}
                onChange={choose}
                isInvalid={errorsFor('requestedAuthorityId').length > 0}
                isRequired
                validationBehavior="aria"
              >
                <Label>{t('wizard.authority.authority')}</Label>
                <FieldError>{errorsFor('requestedAuthorityId').join(' ')}</FieldError>
                {inCountry.map((a) => (
                  <Radio key={a.id} value={a.id} className="react-aria-Radio wizard-choice">
                    <span className="radio-dot" aria-hidden="true" />
                    <span>
                      <bdi className="choice-label">
                        {a.name} ({a.code})
                      </bdi>
                      <span className="hint choice-hint">{kindLabel(a.kind)}</span>
                    </span>
                  </Radio>
                ))}
              </RadioGroup>
            )}
            {!country && errorsFor('requestedAuthorityId').length > 0 && (
              <p className="field-error" id="f-requestedAuthorityId" tabIndex={-1}>
                {errorsFor('requestedAuthorityId').join(' ')}
              </p>
            )}
          </>
        )}

        {maxAdditional > 0 && (
          <AdditionalParties
            eligible={eligible}
            authorities={authorities}
            requestedId={authorityId}
            max={maxAdditional}
            // One chosen as the requested authority meanwhile is that, not a further party.
            value={additional.filter((id) => id !== authorityId)}
            onChange={(ids) => {
              setAdditional(ids);
              setOwn(null);
            }}
            errors={errorsFor('additionalPartyIds')}
          />
        )}

        {(country || draft) && (
          <section className="directory-facts" aria-labelledby="directory-title">
            <h2 id="directory-title">{t('wizard.authority.directory')}</h2>
            <dl className="summary-list">
              {selected && (
                <div className="summary-row">
                  <dt>{t('wizard.authority.languages')}</dt>
                  <dd>{intl.formatList(selected.languages.map(languageName), { type: 'conjunction' })}</dd>
                </div>
              )}
              <div className="summary-row">
                <dt>{t('wizard.authority.contact247')}</dt>
                <dd>
                  {contacts.length === 0
                    ? t('wizard.authority.noContact247')
                    : contacts.map((c) => (
                        <div key={c.id}>
                          <bdi>
                            {c.name} ({c.code})
                          </bdi>
                          {' — '}
                          {intl.formatList(c.languages.map(languageName), { type: 'conjunction' })}
                        </div>
                      ))}
                </dd>
              </div>
              {settings && (
                <>
                  <div className="summary-row">
                    <dt>{t('wizard.authority.preservationDays')}</dt>
                    <dd>{t('wizard.days', { days: settings.preservationDays })}</dd>
                  </div>
                  <div className="summary-row">
                    <dt>{t('wizard.authority.provisionalArrestDays')}</dt>
                    <dd>{t('wizard.days', { days: settings.provisionalArrestDays })}</dd>
                  </div>
                  <div className="summary-row">
                    <dt>{t('wizard.authority.periodsSource')}</dt>
                    <dd>
                      {settings.declared ? t('wizard.authority.declared') : t('wizard.authority.defaults')}
                    </dd>
                  </div>
                </>
              )}
            </dl>
          </section>
        )}

        <RadioGroup
          className="field"
          id="f-urgency"
          value={urgency}
          onChange={(v) => {
            setUrgency(v);
            setUrgencyTouched(true);
          }}
          isInvalid={errorsFor('urgency').length > 0}
          validationBehavior="aria"
        >
          <Label>{t('request.urgency')}</Label>
          <FieldError>{errorsFor('urgency').join(' ')}</FieldError>
          {URGENCIES.map((u) => (
            <Radio key={u} value={u}>
              <span className="radio-dot" aria-hidden="true" />
              {dt(`urgency.${u}`, u)}
            </Radio>
          ))}
        </RadioGroup>

        {offers247 && urgency !== 'normal' && !draft && selected?.kind !== CONTACT_24_7 && contacts[0] && (
          <div className="notice wizard-247" role="status">
            <p>{t('wizard.authority.urgent247', { name: contacts[0].name })}</p>
            <button type="button" className="button secondary" onClick={() => choose(contacts[0]?.id ?? '')}>
              {t('wizard.authority.use247', { name: contacts[0].name })}
            </button>
          </div>
        )}

        {selected && (
          <RadioGroup
            className="field"
            id="f-language"
            value={language}
            onChange={setLanguage}
            isInvalid={errorsFor('language').length > 0}
            validationBehavior="aria"
          >
            <Label>{t('wizard.authority.language')}</Label>
            <FieldError>{errorsFor('language').join(' ')}</FieldError>
            {selected.languages.map((l) => (
              <Radio key={l} value={l}>
                <span className="radio-dot" aria-hidden="true" />
                {languageName(l)}
              </Radio>
            ))}
          </RadioGroup>
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
