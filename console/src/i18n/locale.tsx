// The console's language: chosen by the "Language" select or ?lang=, remembered for the browser session only
// (sessionStorage), applied to <html lang dir>, react-intl (ICU messages) and React Aria (dates, RTL).
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nProvider } from 'react-aria-components';
import { IntlProvider } from 'react-intl';
import en from './en.json';
import adminEn from './admin/en.json';
import auditEn from './audit/en.json';
import wizardEn from './wizard/en.json';

export const LOCALES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language in its own name (endonym), as the select offers them. */
export const ENDONYMS: Record<Locale, string> = {
  ar: 'العربية',
  zh: '中文',
  en: 'English',
  fr: 'Français',
  ru: 'Русский',
  es: 'Español',
};

// Each screen area keeps its own catalogue per language (i18n/<area>/<lang>.json), merged into one.
const enAll = { ...adminEn, ...auditEn, ...wizardEn, ...en };
export type MessageKey = keyof typeof enAll;
type Catalogue = Record<string, string>;
type Module = { default: Catalogue };
/** The language's base catalogue and its area catalogues, merged (later areas cannot shadow base keys). */
function merged(parts: Promise<Module>[]): Promise<Catalogue> {
  return Promise.all(parts).then(
    (mods) => Object.assign({}, ...mods.map((m) => m.default).reverse()) as Catalogue,
  );
}
// Named one by one (not `./${lang}.json`): a pattern would match the English files too and split them out of
// the first bundle into chunks of their own, each one more request before the first screen.
const PARTS: Record<Exclude<Locale, 'en'>, () => Promise<Module>[]> = {
  ar: () => [
    import('./ar.json'),
    import('./wizard/ar.json'),
    import('./audit/ar.json'),
    import('./admin/ar.json'),
  ],
  zh: () => [
    import('./zh.json'),
    import('./wizard/zh.json'),
    import('./audit/zh.json'),
    import('./admin/zh.json'),
  ],
  fr: () => [
    import('./fr.json'),
    import('./wizard/fr.json'),
    import('./audit/fr.json'),
    import('./admin/fr.json'),
  ],
  ru: () => [
    import('./ru.json'),
    import('./wizard/ru.json'),
    import('./audit/ru.json'),
    import('./admin/ru.json'),
  ],
  es: () => [
    import('./es.json'),
    import('./wizard/es.json'),
    import('./audit/es.json'),
    import('./admin/es.json'),
  ],
};
function catalogue(lang: Exclude<Locale, 'en'>): Promise<Catalogue> {
  return merged(PARTS[lang]());
}
// English is in the first bundle; each other catalogue is its own file, fetched when chosen, with the
// Noto face its script needs (Arabic, Simplified Chinese).
const LOADERS: Record<Locale, () => Promise<Catalogue>> = {
  en: () => Promise.resolve(enAll),
  ar: () =>
    Promise.all([
      catalogue('ar'),
      import('@fontsource/noto-sans-arabic/400.css'),
      import('@fontsource/noto-sans-arabic/700.css'),
    ]).then(([m]) => m),
  zh: () =>
    Promise.all([
      catalogue('zh'),
      import('@fontsource/noto-sans-sc/400.css'),
      import('@fontsource/noto-sans-sc/700.css'),
    ]).then(([m]) => m),
  fr: () => catalogue('fr'),
  ru: () => catalogue('ru'),
  es: () => catalogue('es'),
};
/** BCP 47 tags for Intl and React Aria (Chinese in simplified script). */
const TAGS: Record<Locale, string> = { ar: 'ar', zh: 'zh-CN', en: 'en-GB', fr: 'fr', ru: 'ru', es: 'es' };
const STORAGE_KEY = 'console.lang';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function initialLocale(): Locale {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  if (isLocale(fromQuery)) {
    return fromQuery;
  }
  const remembered = window.sessionStorage.getItem(STORAGE_KEY);
  return isLocale(remembered) ? remembered : 'en';
}

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'en', setLocale: () => undefined });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [wanted, setLocale] = useState<Locale>(initialLocale);
  // The language shown and its messages change together, once the catalogue is here.
  const [shown, setShown] = useState<{ locale: Locale; messages: Catalogue } | null>(
    wanted === 'en' ? { locale: 'en', messages: enAll } : null,
  );
  useEffect(() => {
    let live = true;
    void LOADERS[wanted]().then((messages) => {
      if (live) {
        setShown({ locale: wanted, messages });
      }
    });
    return () => {
      live = false;
    };
  }, [wanted]);
  const locale = shown?.locale ?? wanted;
  useEffect(() => {
    window.sessionStorage.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = TAGS[locale];
    document.documentElement.dir = locale === 'ar' ? 'rtl' : 'ltr';
    const url = new URL(window.location.href);
    if (url.searchParams.has('lang') && url.searchParams.get('lang') !== locale) {
      url.searchParams.set('lang', locale);
      window.history.replaceState(window.history.state, '', url);
    }
  }, [locale]);
  const state = useMemo(() => ({ locale, setLocale }), [locale]);
  if (!shown) {
    return null;
  }
  return (
    <LocaleContext.Provider value={state}>
      <IntlProvider locale={TAGS[shown.locale]} messages={shown.messages} defaultLocale="en-GB">
        <I18nProvider locale={TAGS[shown.locale]}>{children}</I18nProvider>
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
