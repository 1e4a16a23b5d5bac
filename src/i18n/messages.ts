import { IntlMessageFormat, type Formatters } from 'intl-messageformat';
import { catalogues, type Catalogue, type MessageKey } from './catalogue/index.js';
import type { Language } from './languages.js';

/**
 * How each language is written beyond its words: the locale its numbers, lists and dates
 * follow, and how a duration's units read ("1m 30s" in English; "1 min 30 s" in Swedish and
 * Polish, where a bare "m" reads as metres).
 */
const LOCALES: Record<Language, { readonly tag: string; readonly units: 'narrow' | 'short' }> = {
  en: { tag: 'en-GB', units: 'narrow' },
  sv: { tag: 'sv-SE', units: 'short' },
  pl: { tag: 'pl-PL', units: 'short' },
};

/** A value a message takes: a word, a number, or text already escaped for where it goes. */
export type MessageValues = Readonly<Record<string, string | number>>;

/** `make`, made once per distinct arguments. */
function once<A extends unknown[], T>(make: (...args: A) => T): (...args: A) => T {
  const made = new Map<string, T>();
  return (...args) => {
    const key = JSON.stringify(args);
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(...args)));
    return value;
  };
}

/**
 * The Intl objects the messages of one language format with, made once and shared by all of
 * them (intl-messageformat otherwise keeps a set per message).
 */
function sharedFormatters(): Formatters {
  return {
    getNumberFormat: once((locales?: string | string[], options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locales, options)),
    getDateTimeFormat: once((...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args)),
    getPluralRules: once((...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args)),
  };
}

/** The message at `key` (`section.name`); the catalogue's type guarantees it is there. */
function lookup(catalogue: Catalogue, key: MessageKey): string {
  let node: unknown = catalogue;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  if (typeof node !== 'string') throw new Error(`no message ${key}`);
  return node;
}

/**
 * What the views speak with: the plan's language and time zone. Every word comes from the
 * catalogue, as an ICU MessageFormat message formatted by FormatJS's intl-messageformat (plural
 * and select by CLDR's rules, numbers in the language's style); lists, durations and times are
 * formatted for the language by Intl. A message is parsed once, when first used; one that does
 * not parse is a bug in the catalogue, which test/unit/i18n checks for every message.
 */
export class Messages {
  readonly locale: string;
  private readonly compiled = new Map<MessageKey, IntlMessageFormat>();
  private readonly formatters = sharedFormatters();
  private readonly lists: Intl.ListFormat;
  private readonly alternatives: Intl.ListFormat;
  private readonly units: Map<string, Intl.NumberFormat> = new Map();
  private readonly formats: Map<string, Intl.DateTimeFormat> = new Map();

  constructor(
    readonly language: Language,
    /** IANA zone the team works in: times are shown there unless Slack can show each reader's own. */
    readonly timeZone: string,
  ) {
    this.locale = LOCALES[language].tag;
    this.lists = new Intl.ListFormat(this.locale, { type: 'conjunction' });
    this.alternatives = new Intl.ListFormat(this.locale, { type: 'disjunction' });
  }

  /** The message at `key` with its values: people's text among them arrives escaped for where it goes. */
  t(key: MessageKey, values?: MessageValues): string {
    let message = this.compiled.get(key);
    if (!message) {
      message = new IntlMessageFormat(lookup(catalogues[this.language], key), this.locale, undefined, {
        ignoreTag: true,
        formatters: this.formatters,
      });
      this.compiled.set(key, message);
    }
    // A duration ending in an abbreviation ("5 sek.") at the end of a sentence is not given a second full stop.
    return (message.format(values) as string).replace(/(\p{L}\.)\.(?=\s|$)/gu, '$1');
  }

  /** `Anna, Omar or Per`, where any one of them will do. */
  either(items: readonly string[]): string {
    return this.alternatives.format(items);
  }

  /** `Anna, Omar and Per`, `Anna, Omar och Per`, `Anna, Omar i Per`. */
  list(items: readonly string[]): string {
    return this.lists.format(items);
  }

  /** The two largest units, `1m 30s` or `1 tim 5 min`; under a second is `0s`. */
  duration(millis: number): string {
    const total = Math.max(0, Math.round(millis / 1000));
    const amounts: [string, number][] = [
      ['day', Math.floor(total / 86400)],
      ['hour', Math.floor((total % 86400) / 3600)],
      ['minute', Math.floor((total % 3600) / 60)],
      ['second', total % 60],
    ];
    const parts = amounts.filter(([, n]) => n > 0).slice(0, 2);
    if (parts.length === 0) parts.push(['second', 0]);
    return parts.map(([unit, n]) => this.unit(unit).format(n)).join(' ');
  }

  /** `14:05` where the team is. */
  clock(millis: number): string {
    return this.format('clock', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(millis);
  }

  /** `14:05` on the day of `now`, else `22 Nov, 14:05`: status lines read at a glance. */
  when(millis: number, now: number): string {
    if (this.day(millis) === this.day(now)) return this.clock(millis);
    return this.format('when', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(millis);
  }

  /** `2026-11-22 14:05`: a record read later and elsewhere, in every language the same way. */
  stamp(millis: number, seconds = false): string {
    const parts = this.format(seconds ? 'stamp-s' : 'stamp', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    }).formatToParts(millis);
    const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '';
    return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}${seconds ? `:${p('second')}` : ''}`;
  }

  /** The zone in words at that moment, as the language says it: `Central European Standard Time`. */
  zoneName(millis: number): string {
    const parts = this.format('zone', { timeZoneName: 'long' }).formatToParts(millis);
    return parts.find((x) => x.type === 'timeZoneName')?.value ?? this.timeZone;
  }

  /** `GMT+01:00` at that moment (summer time moves it), or `GMT` for UTC. */
  offset(millis: number): string {
    const parts = this.format('offset', { timeZoneName: 'longOffset' }).formatToParts(millis);
    return parts.find((x) => x.type === 'timeZoneName')?.value ?? this.timeZone;
  }

  private day(millis: number): string {
    return this.format('day', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(millis);
  }

  private unit(unit: string): Intl.NumberFormat {
    let format = this.units.get(unit);
    if (!format) {
      format = new Intl.NumberFormat(this.locale, { style: 'unit', unit, unitDisplay: LOCALES[this.language].units });
      this.units.set(unit, format);
    }
    return format;
  }

  private format(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    let format = this.formats.get(name);
    if (!format) {
      // `stamp` is digits in any locale; en-CA keeps them in year-month-day order for formatToParts.
      format = new Intl.DateTimeFormat(name.startsWith('stamp') ? 'en-CA' : this.locale, { ...options, timeZone: this.timeZone });
      this.formats.set(name, format);
    }
    return format;
  }
}
