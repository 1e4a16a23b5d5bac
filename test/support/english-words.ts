import { catalogues } from '../../src/i18n/catalogue/index.js';
import type { Language } from '../../src/i18n/languages.js';

// Finds English left in what the bot says in another language: words the English catalogue
// uses and the other language's catalogue does not. Words of the plan, of the test's own data
// and the command verbs (English by design, so they are in every catalogue) are never flagged.

type Tree = { readonly [key: string]: string | Tree };

const ICU = new Set([
  'plural',
  'select',
  'number',
  'percent',
  'one',
  'few',
  'many',
  'other',
  'open',
  'close',
  'escalate',
  'severity',
  'state',
]);
const words = (text: string) => (text.toLowerCase().match(/\p{L}{3,}/gu) ?? []).filter((w) => !ICU.has(w));
const messages = (tree: Tree): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : messages(v)));
const vocabulary = (language: Language) => new Set(messages(catalogues[language] as Tree).flatMap(words));

/** `allowed`: text whose words may appear (the plan file, titles and names the test typed). */
export function englishWords(texts: readonly string[], language: Language, allowed: string): string[] {
  const own = vocabulary(language);
  for (const w of words(allowed)) own.add(w);
  const english = new Set([...vocabulary('en')].filter((w) => !own.has(w)));
  // Slack entities (mentions, channel links, dates with their fallback) are not words of ours.
  const found = texts.flatMap((t) => words(t.replace(/<[^<>]*>/g, ' '))).filter((w) => english.has(w));
  return [...new Set(found)];
}

/** Every string Slack shows from a message, a view or an answer: texts, labels, titles. */
export function shownTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(shownTexts);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
    typeof v === 'string' ? (['text', 'topic', 'title', 'content', 'filename'].includes(key) ? [v] : []) : shownTexts(v),
  );
}
