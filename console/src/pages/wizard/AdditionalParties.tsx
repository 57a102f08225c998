// The authority step's further parties, for a channel with more than two (a joint investigation team, UNCC
// art. 48: GET /v1/workflows `maxAdditionalParties`): a State then one of its authorities from the directory,
// as the requested one, added to the list; each removable; up to the channel's most; never the officer's own
// authority, the requested one or one already listed. Saved with the step as the draft's additionalPartyIds.
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { useT } from '../../i18n/t';
import { partyLabel } from '../../parties';

type Authority = Schemas['AuthorityResponse'];

interface Props {
  /** The authorities of the kinds the channel goes to, the officer's own left out. */
  eligible: Authority[];
  /** Every authority of the directory (to name those already chosen). */
  authorities: Authority[];
  requestedId: string | null;
  max: number;
  value: string[];
  onChange: (ids: string[]) => void;
  errors: string[];
}

export function AdditionalParties({
  eligible,
  authorities,
  requestedId,
  max,
  value,
  onChange,
  errors,
}: Props) {
  const t = useT();
  const [country, setCountry] = useState('');
  const [authorityId, setAuthorityId] = useState('');
  const [missing, setMissing] = useState(false);
  const open = eligible.filter((a) => a.id !== requestedId && !value.includes(a.id));
  const countries = [...new Set(open.map((a) => a.country))].sort();
  const inCountry = open.filter((a) => a.country === country);
  const full = value.length >= max;
  const invalid = errors.length > 0 || missing;
  const nameOf = (id: string) => {
    const a = authorities.find((x) => x.id === id);
    return a ? partyLabel(a) : id;
  };

  function add() {
    if (!authorityId) {
      setMissing(true);
      return;
    }
    onChange([...value, authorityId]);
    setAuthorityId('');
    setCountry('');
    setMissing(false);
  }

  return (
    <fieldset className="field list-field" id="f-additionalPartyIds" tabIndex={-1}>
      <legend>{t('wizard.authority.additional')}</legend>
      <p className="hint">{t('wizard.authority.additionalHint', { max })}</p>
      {errors.length > 0 && <p className="field-error">{errors.join(' ')}</p>}
      {value.length === 0 ? (
        <p>{t('wizard.authority.noAdditional')}</p>
      ) : (
        <ul className="party-list">
          {value.map((id) => (
            <li key={id}>
              <bdi>{nameOf(id)}</bdi>{' '}
              <button
                type="button"
                className="button link"
                onClick={() => onChange(value.filter((x) => x !== id))}
              >
                {t('wizard.authority.removeParty')}
                <span className="visually-hidden"> {nameOf(id)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {full ? (
        <p className="hint">{t('wizard.authority.maxReached', { max })}</p>
      ) : (
        <div className="list-entry">
          <div className="field">
            <label htmlFor="f-additionalState">{t('wizard.authority.additionalState')}</label>
            <select
              id="f-additionalState"
              value={country}
              onChange={(e) => {
                setCountry(e.target.value);
                setAuthorityId('');
              }}
            >
              <StateOptions countries={countries} />
            </select>
          </div>
          {country && (
            <div className="field">
              <label htmlFor="f-additionalAuthority">{t('wizard.authority.additionalAuthority')}</label>
              {missing && (
                <p className="field-error" id="f-additionalAuthority-error">
                  {t('wizard.authority.partyRequired')}
                </p>
              )}
              <select
                id="f-additionalAuthority"
                value={authorityId}
                aria-invalid={invalid || undefined}
                aria-describedby={missing ? 'f-additionalAuthority-error' : undefined}
                onChange={(e) => {
                  setAuthorityId(e.target.value);
                  setMissing(false);
                }}
              >
                <option value="">{t('wizard.authority.chooseAuthority')}</option>
                {inCountry.map((a) => (
                  <option key={a.id} value={a.id}>
                    {partyLabel(a)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {country && (
            <button type="button" className="button secondary" onClick={add}>
              {t('wizard.authority.addParty')}
            </button>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** A State select's options: "Choose a State", then each State of the directory by its code. */
export function StateOptions({ countries }: { countries: string[] }) {
  const t = useT();
  return (
    <>
      <option value="">{t('wizard.authority.chooseState')}</option>
      {countries.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </>
  );
}
