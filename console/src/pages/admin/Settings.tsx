// /admin/settings?country=<ISO 3166-1 alpha-3>: the legal periods in force for requests to a State (its
// declared values or the engine's defaults), and the form that records its declared ones; an empty field
// restores the default. Problems next to their fields and in the summary.
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useIntl } from 'react-intl';
import { api } from '../../api/client';
import type { ApiProblem } from '../../api/errors';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { Loading } from '../../components/States';
import { useT } from '../../i18n/t';
import { call, type StateSettings } from './call';
import { localProblem, useProblemText } from './problems';

const IDS = {
  country: 'settings-country',
  preservationDays: 'settings-preservation',
  provisionalArrestDays: 'settings-provisional-arrest',
};
type Period = 'preservationDays' | 'provisionalArrestDays';

/** A number as typed (comma or point as decimal sign), null when empty, NaN when not a number. */
function parseDays(raw: string): number | null {
  const value = raw.trim().replace(',', '.');
  return value === '' ? null : /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
}

export function Settings() {
  const t = useT();
  const intl = useIntl();
  const text = useProblemText();
  const [params, setParams] = useSearchParams();
  const country = params.get('country') ?? '';
  const [typed, setTyped] = useState(country);
  const [settings, setSettings] = useState<StateSettings | null>(null);
  const [loading, setLoading] = useState(false);
  const [form, setForm] = useState<Record<Period, string>>({
    preservationDays: '',
    provisionalArrestDays: '',
  });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setSettings(null);
    setSaved(false);
    if (!country) {
      return;
    }
    setLoading(true);
    void call(api.GET('/v1/states/{country}/settings', { params: { path: { country } } })).then((r) => {
      setLoading(false);
      if (r.ok) {
        setProblem(null);
        setSettings(r.data);
        setForm({
          preservationDays: r.data.declared ? String(r.data.preservationDays) : '',
          provisionalArrestDays: r.data.declared ? String(r.data.provisionalArrestDays) : '',
        });
      } else {
        setProblem(r.problem);
      }
    });
  }, [country]);

  function show(e: FormEvent) {
    e.preventDefault();
    const value = typed.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(value)) {
      setProblem(localProblem([{ field: 'country', message: t('admin.settings.countryInvalid') }]));
      return;
    }
    setProblem(null);
    setParams({ country: value }, { replace: true });
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const values = {
      preservationDays: parseDays(form.preservationDays),
      provisionalArrestDays: parseDays(form.provisionalArrestDays),
    };
    const bad = (Object.keys(values) as Period[])
      .filter((k) => Number.isNaN(values[k]))
      .map((k) => ({ field: k, message: t('admin.settings.notANumber') }));
    if (bad.length > 0) {
      setProblem(localProblem(bad));
      return;
    }
    const result = await call(
      api.PUT('/v1/states/{country}/settings', { params: { path: { country } }, body: values }),
    );
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setSettings(result.data);
    setSaved(true);
  }

  const days = (n: number) => t('admin.settings.days', { days: intl.formatNumber(n) });
  return (
    <section>
      <ErrorSummary items={text.summary(problem, IDS)} />
      <h1>{t('admin.settings.title')}</h1>
      <p>{t('admin.settings.intro')}</p>
      <form onSubmit={show} noValidate className="admin-form admin-inline">
        <Field
          id={IDS.country}
          label={t('admin.settings.country')}
          hint={t('admin.settings.countryHint')}
          value={typed}
          onChange={setTyped}
          errors={text.forField(problem, 'country')}
          isRequired
        />
        <button type="submit" className="button secondary">
          {t('admin.settings.show')}
        </button>
      </form>
      {loading && <Loading />}
      {settings && (
        <>
          <h2>{t('admin.settings.inForce', { country: settings.country })}</h2>
          <dl className="summary-list">
            <div className="summary-row">
              <dt>{t('admin.settings.preservation')}</dt>
              <dd>{days(settings.preservationDays)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('admin.settings.provisionalArrest')}</dt>
              <dd>{days(settings.provisionalArrestDays)}</dd>
            </div>
            <div className="summary-row">
              <dt>{t('admin.settings.source')}</dt>
              <dd>{settings.declared ? t('admin.settings.declared') : t('admin.settings.defaults')}</dd>
            </div>
          </dl>
          {saved && (
            <p className="notice" role="status">
              {t('admin.settings.saved', { country: settings.country })}
            </p>
          )}
          <h2>{t('admin.settings.declareTitle')}</h2>
          <form onSubmit={(e) => void save(e)} noValidate className="admin-form">
            <Field
              id={IDS.preservationDays}
              label={t('admin.settings.preservation')}
              hint={t('admin.settings.preservationHint')}
              value={form.preservationDays}
              onChange={(v) => setForm((f) => ({ ...f, preservationDays: v }))}
              errors={text.forField(problem, 'preservationDays')}
            />
            <Field
              id={IDS.provisionalArrestDays}
              label={t('admin.settings.provisionalArrest')}
              hint={t('admin.settings.provisionalArrestHint')}
              value={form.provisionalArrestDays}
              onChange={(v) => setForm((f) => ({ ...f, provisionalArrestDays: v }))}
              errors={text.forField(problem, 'provisionalArrestDays')}
            />
            <button type="submit" className="button">
              {t('admin.settings.save')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
