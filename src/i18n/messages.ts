import i18next, { type i18n, type TFunction } from 'i18next';
import ICU from 'i18next-icu';
import { catalogues, type MessageKey } from './catalogue/index.js';
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

let shared: i18n | undefined;

/**
 * One i18next instance for the process, holding the three catalogues, with ICU MessageFormat
 * (plural, select, number) through i18next-icu. A message that does not parse is a bug in the
 * catalogue, which test/unit/i18n checks for every message in every language.
 */
function instance(): i18n {
  if (shared) return shared;
  const i = i18next.createInstance();
  i.use(
    new ICU({
      parseLngForICU: (lng) => LOCALES[lng as Language]?.tag ?? lng,
      parseErrorHandler: (error, key) => {
        throw new Error(`message "${key}" does not parse: ${error.message}`);
      },
    }),
  );
  void i.init({
    resources: Object.fromEntries(Object.entries(catalogues).map(([lng, c]) => [lng, { translation: c }])),
    lng: 'en',
    fallbackLng: false,
    initAsync: false,
    nsSeparator: false,
    keySeparator: '.',
    interpolation: { escapeValue: false },
    returnNull: false,
    returnEmptyString: false,
  });
  shared = i;
  return i;
}

/**
 * What the views speak with: the plan's language and time zone. Every word comes from the
 * catalogue; numbers, lists, durations and times are formatted for the language by Intl.
 */
export class Messages {
  readonly locale: string;
  private readonly translate: TFunction;
  private readonly lists: Intl.ListFormat;
  private readonly units: Map<string, Intl.NumberFormat> = new Map();
  private readonly formats: Map<string, Intl.DateTimeFormat> = new Map();

  constructor(
    readonly language: Language,
    /** IANA zone the team works in: times are shown there unless Slack can show each reader's own. */
    readonly timeZone: string,
  ) {
    this.locale = LOCALES[language].tag;
    this.translate = instance().getFixedT(language);
    this.lists = new Intl.ListFormat(this.locale, { type: 'conjunction' });
  }

  t(key: MessageKey, values?: MessageValues): string {
    return this.translate(key, values as Record<string, unknown>) as string;
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
