// The console's language: chosen by the "Language" select or ?lang=, remembered for the browser session only
// (sessionStorage), applied to <html lang dir>, react-intl (ICU messages) and React Aria (dates, RTL).
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nProvider } from 'react-aria-components';
import { IntlProvider } from 'react-intl';
import ar from './ar.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import ru from './ru.json';
import zh from './zh.json';

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
const CATALOGUES: Record<Locale, Record<string, string>> = { ar, zh, en, fr, ru, es };
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
  const [locale, setLocale] = useState<Locale>(initialLocale);
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
  return (
    <LocaleContext.Provider value={state}>
      <IntlProvider locale={TAGS[locale]} messages={CATALOGUES[locale]} defaultLocale="en-GB">
        <I18nProvider locale={TAGS[locale]}>{children}</I18nProvider>
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
