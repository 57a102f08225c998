import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The console's message catalogues (console/src/i18n/<lang>.json and i18n/<area>/<lang>.json): every language
 * has exactly the English keys, no empty message, and the same ICU placeholders ({name}, {count, plural, ...})
 * as English, so that no screen shows a raw key, an English fallback or a broken message in another language.
 */
const I18N = join(__dirname, '..', '..', 'console', 'src', 'i18n');
const LANGS = ['ar', 'zh', 'fr', 'ru', 'es'];
const AREAS = [
  '',
  ...readdirSync(I18N, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name),
];

function read(area: string, lang: string): Record<string, string> {
  return JSON.parse(readFileSync(join(I18N, area, `${lang}.json`), 'utf8')) as Record<string, string>;
}

/** The argument names of an ICU message: `{name}`, `{count, plural, ...}` (nested plural bodies skipped). */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*(?:,|\})/g)) {
    names.add(m[1]);
  }
  return [...names].sort();
}

describe('console catalogues', () => {
  it.each(AREAS.map((a) => [a || '(base)']))(
    '%s: every language has the English keys and placeholders',
    (label) => {
      const area = label === '(base)' ? '' : label;
      const en = read(area, 'en');
      for (const lang of LANGS) {
        const other = read(area, lang);
        expect({ lang, missing: Object.keys(en).filter((k) => !(k in other)) }).toEqual({
          lang,
          missing: [],
        });
        expect({ lang, extra: Object.keys(other).filter((k) => !(k in en)) }).toEqual({ lang, extra: [] });
        for (const [key, message] of Object.entries(other)) {
          expect({ lang, key, empty: message.trim() === '' }).toEqual({ lang, key, empty: false });
          expect({ lang, key, args: placeholders(message) }).toEqual({
            lang,
            key,
            args: placeholders(en[key]),
          });
        }
      }
    },
  );

  it('no area repeats a key of the base catalogue or of another area', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const area of AREAS) {
      for (const key of Object.keys(read(area, 'en'))) {
        const first = seen.get(key);
        if (first !== undefined) {
          clashes.push(`${key} in ${first || '(base)'} and ${area || '(base)'}`);
        }
        seen.set(key, area);
      }
    }
    expect(clashes).toEqual([]);
  });
});
