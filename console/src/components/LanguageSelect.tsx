// The "Language" select, offering each language by its own name (endonym). A native <select>: every
// browser, screen reader and test driver knows it. Outside English its label also carries the English word,
// so that "Language" finds it whatever language is shown.
import { ENDONYMS, LOCALES, isLocale, useLocale } from '../i18n/locale';
import { useT } from '../i18n/t';

export function LanguageSelect() {
  const { locale, setLocale } = useLocale();
  const t = useT();
  return (
    <div className="language-select">
      <label htmlFor="language-select">
        {t('lang.label')}
        {locale !== 'en' && (
          <span lang="en" className="label-en">
            {' '}
            · Language
          </span>
        )}
      </label>
      <select
        id="language-select"
        value={locale}
        onChange={(e) => {
          if (isLocale(e.target.value)) {
            setLocale(e.target.value);
          }
        }}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {ENDONYMS[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
