import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../../../src/i18n/catalogue/index.js';
import { LANGUAGES, type Language } from '../../../src/i18n/languages.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { MessageKey } from '../../../src/i18n/catalogue/index.js';

// The catalogues as data: every language has every message, each one parses as ICU
// MessageFormat, takes the same values as the English one, and chooses plural forms the way
// its language needs (Polish: 1 kryzys, 2 kryzysy, 5 kryzysów).

type Tree = { readonly [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(LANGUAGES.map((lng) => [lng, flatten(catalogues[lng] as Tree)])) as Record<Language, Map<string, string>>;
const english = flat.en;
const TAGS: Record<Language, string> = { en: 'en-GB', sv: 'sv-SE', pl: 'pl-PL' };

interface Shape {
  /** Every value the message takes, by name. */
  readonly values: Set<string>;
  /** Every plural in it: the value it counts and the forms it gives. */
  readonly plurals: { readonly value: string; readonly forms: string[] }[];
}

/** The message's values and plurals, from intl-messageformat's own parse (ignoring tags, as the bot does). */
function shapeOf(message: string, language: Language): Shape {
  const ast = new IntlMessageFormat(message, TAGS[language], undefined, { ignoreTag: true }).getAst();
  const shape: Shape = { values: new Set(), plurals: [] };
  const walk = (elements: ReturnType<IntlMessageFormat['getAst']>) => {
    for (const el of elements) {
      // el.type is the parser's TYPE enum, which intl-messageformat does not re-export: 0 is a literal.
      const type: number = el.type;
      if ('value' in el && type !== 0) shape.values.add(el.value);
      // Only select and plural elements have options; of those, only a plural has a pluralType.
      if ('options' in el && 'pluralType' in el) shape.plurals.push({ value: el.value, forms: Object.keys(el.options) });
      if ('options' in el) for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(ast);
  return shape;
}

describe('the catalogues', () => {
  it.each(LANGUAGES)('%s has exactly the English keys', (language) => {
    expect([...flat[language].keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(LANGUAGES)('every %s message parses and takes the same values as the English one', (language) => {
    for (const [key, message] of flat[language]) {
      const expected = shapeOf(english.get(key)!, 'en').values;
      expect([...shapeOf(message, language).values].sort(), `${language} ${key}`).toEqual([...expected].sort());
    }
  });

  it.each(['sv', 'pl'] as const)('%s is translated: no message is left in English', (language) => {
    const same = [...flat[language]].filter(([key, message]) => message === english.get(key)).map(([key]) => key);
    expect(same).toEqual([]);
  });

  it.each(LANGUAGES)('every plural in %s has the forms its language chooses between', (language) => {
    const needed = new Intl.PluralRules(TAGS[language]).resolvedOptions().pluralCategories;
    for (const [key, message] of flat[language]) {
      for (const plural of shapeOf(message, language).plurals) {
        // `=1 {…}` stands in for `one` where the English does so (stage 1, not one stage).
        const forms = plural.forms.map((f) => (f === '=1' ? 'one' : f));
        const missing = needed
          .filter((category) => category !== 'one' || !forms.includes('=1'))
          .filter((category) => !forms.includes(category));
        expect(missing, `${language} ${key}: plural of ${plural.value}`).toEqual([]);
      }
    }
  });

  it.each(LANGUAGES)('%s labels fit Slack: buttons within 75 characters, the form title and buttons within 24', (language) => {
    for (const [key, message] of flat[language]) {
      if (key.startsWith('buttons.')) expect(message.length, key).toBeLessThanOrEqual(75);
      if (['modal.title', 'modal.submit', 'modal.cancel'].includes(key)) expect(message.length, key).toBeLessThanOrEqual(24);
    }
  });

  it('labels the English buttons exactly as the public surface names them', () => {
    const m = new Messages('en', 'UTC');
    const labels = (
      [
        'buttons.acknowledge',
        'buttons.done',
        'buttons.undo',
        'buttons.openCrisis',
        'buttons.customerService',
        'buttons.dismiss',
      ] as MessageKey[]
    ).map((k) => m.t(k));
    expect(labels).toEqual(['Acknowledge', 'Done', 'Undo', 'Open crisis', 'Customer service', 'Dismiss']);
  });

  it('keeps the command verbs English in every language', () => {
    for (const language of LANGUAGES) {
      const help = [...flat[language]].filter(([key]) => key.startsWith('help.') && key !== 'help.title' && key !== 'help.types');
      for (const [key, line] of help)
        expect(line, `${language} ${key}`).toMatch(
          /`\/crisis (open|status|update|escalate|severity|close|list|title|type|lead|statement|freeze|respond|qa|lesson|action|chart|call|plan|drill)\b/,
        );
    }
  });

  it('counts crises as Polish does: 1 kryzys, 2 kryzysy, 5 kryzysów, 22 kryzysy', () => {
    const pl = new Messages('pl', 'Europe/Warsaw');
    expect([1, 2, 5, 22].map((count) => pl.t('answer.openCrises', { count }))).toEqual([
      '*1 trwający kryzys*',
      '*2 trwające kryzysy*',
      '*5 trwających kryzysów*',
      '*22 trwające kryzysy*',
    ]);
    const sv = new Messages('sv', 'Europe/Stockholm');
    expect([1, 2].map((count) => sv.t('answer.openCrises', { count }))).toEqual(['*1 pågående kris*', '*2 pågående kriser*']);
  });

  it('chooses Polish plural forms right: 1, 2 and 5 of a thing are three different words', () => {
    const pl = new Messages('pl', 'Europe/Warsaw');
    const forms = [1, 2, 5, 22, 25].map((count) => pl.t('status.delivering', { count }));
    expect(new Set(forms.slice(0, 3).map((f) => f.replace(/\d+/g, '#'))).size).toBe(3);
    expect(forms[3]!.replace('22', '#')).toBe(forms[1]!.replace('2', '#')); // 22 like 2
    expect(forms[4]!.replace('25', '#')).toBe(forms[2]!.replace('5', '#')); // 25 like 5
  });
});
