// The console's language: chosen by the "Language" select or ?lang=, remembered for the browser session only
// (sessionStorage), applied to <html lang dir>, react-intl (ICU messages) and React Aria (dates, RTL).
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nProvider } from 'react-aria-components';
import { IntlProvider } from 'react-intl';
import en from './en.json';

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

export type MessageKey = keyof typeof en;
type Catalogue = Record<string, string>;
// English is in the first bundle; each other catalogue is its own file, fetched when chosen, with the
// Noto face its script needs (Arabic, Simplified Chinese).
const LOADERS: Record<Locale, () => Promise<Catalogue>> = {
  en: () => Promise.resolve(en),
  ar: () =>
    Promise.all([
      import('./ar.json'),
      import('@fontsource/noto-sans-arabic/400.css'),
      import('@fontsource/noto-sans-arabic/700.css'),
    ]).then(([m]) => m.default),
  zh: () =>
    Promise.all([
      import('./zh.json'),
      import('@fontsource/noto-sans-sc/400.css'),
      import('@fontsource/noto-sans-sc/700.css'),
    ]).then(([m]) => m.default),
  fr: () => import('./fr.json').then((m) => m.default),
  ru: () => import('./ru.json').then((m) => m.default),
  es: () => import('./es.json').then((m) => m.default),
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
    wanted === 'en' ? { locale: 'en', messages: en } : null,
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
