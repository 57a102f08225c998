// Step 1: the channel, one choice per channel GET /v1/workflows lists (a channel added to the engine appears
// here by itself, under the engine's title until the catalogues name it). Fixed once the draft is saved.
import { useState } from 'react';
import { FieldError, Label, Radio, RadioGroup } from 'react-aria-components';
import { Link, useNavigate } from 'react-router';
import type { RequestDetail } from '../../api/client';
import { Loading } from '../../components/States';
import { useLocale } from '../../i18n/locale';
import { useDynamicT, useT } from '../../i18n/t';
import { useWorkflows } from '../../workflows';
import { StepFrame, stepPath, type SummaryItem } from './StepFrame';

export function ChannelStep({ draft }: { draft: RequestDetail | null }) {
  const t = useT();
  const dt = useDynamicT();
  const { locale } = useLocale();
  const workflows = useWorkflows();
  const navigate = useNavigate();
  const [channel, setChannel] = useState<string | null>(null);
  const [error, setError] = useState(false);

  if (!workflows) {
    return <Loading />;
  }
  const label = (c: string, title: string) => dt(`channel.${c}`, title);
  const hint = (c: string, title: string) => dt(`wizard.channelHint.${c}`, locale === 'en' ? title : '');

  if (draft) {
    const w = workflows.find((x) => x.channel === draft.channel);
    return (
      <StepFrame step="channel" draftId={draft.id} summary={[]}>
        <dl className="summary-list">
          <div className="summary-row">
            <dt>{t('request.channel')}</dt>
            <dd>{label(draft.channel, w?.title ?? draft.channel)}</dd>
          </div>
        </dl>
        <p className="hint">{t('wizard.channel.fixed')}</p>
        <Link className="button" to={stepPath(draft.id, 'authority')}>
          {t('wizard.continue')}
        </Link>
      </StepFrame>
    );
  }

  const summary: SummaryItem[] = error ? [{ target: 'f-channel', text: t('wizard.channel.required') }] : [];
  return (
    <StepFrame step="channel" draftId={null} summary={summary}>
      <p>{t('wizard.channel.intro')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!channel) {
            setError(true);
            return;
          }
          void navigate(`/new/authority?channel=${encodeURIComponent(channel)}`);
        }}
      >
        <RadioGroup
          className="field"
          id="f-channel"
          value={channel}
          onChange={(v) => {
            setChannel(v);
            setError(false);
          }}
          isInvalid={error}
          isRequired
          validationBehavior="aria"
        >
          <Label>{t('wizard.channel.label')}</Label>
          <FieldError>{error ? t('wizard.channel.required') : ''}</FieldError>
          {workflows.map((w) => (
            <Radio key={w.channel} value={w.channel} className="react-aria-Radio wizard-choice">
              <span className="radio-dot" aria-hidden="true" />
              <span>
                <span className="choice-label">{label(w.channel, w.title)}</span>
                {hint(w.channel, w.title) && (
                  <span className="hint choice-hint">{hint(w.channel, w.title)}</span>
                )}
              </span>
            </Radio>
          ))}
        </RadioGroup>
        <div className="wizard-buttons">
          <button type="submit" className="button">
            {t('wizard.continue')}
          </button>
        </div>
      </form>
    </StepFrame>
  );
}
