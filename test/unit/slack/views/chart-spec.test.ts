import { describe, expect, it } from 'vitest';
import { LEAD_IN_MS, chartData, type ChartReading } from '../../../../src/domain/chart.js';
import { Messages } from '../../../../src/i18n/messages.js';
import type { Language } from '../../../../src/i18n/languages.js';
import { chartSpec } from '../../../../src/slack/views/chart-spec.js';
import {
  crisisRow,
  entry,
  examplePlanNow,
  pageRow,
  snapshot,
  specLayers as layers,
  specTitle,
  updateRow,
  viewContext,
} from '../../support.js';

// The chart as data, without pixels: its points, baselines, milestones and every label, in the
// plan's language and time zone.

const T0 = Date.UTC(2026, 11, 1, 9); // 10:00 in Stockholm
const MIN = 60_000;
const crisis = crisisRow({ title: 'Kettle recall', openedAt: T0, state: 'closed', closedAt: T0 + 3 * 60 * MIN });
const snap = snapshot({
  crisis,
  pages: [pageRow({ ackedAt: T0 + 4 * MIN }), pageRow({ id: 2, ackedAt: T0 + 9 * MIN })],
  updates: [updateRow({ postedAt: T0 + 30 * MIN })],
  timeline: [entry({ kind: 'escalated', to: 2, paged: [], cause: { kind: 'manual' } }, { at: T0 + 20 * MIN })],
});
const readings = (source: string, from: number, n: number, mentions: (i: number) => number, negative = true): ChartReading[] =>
  Array.from({ length: n }, (_, i) => ({
    source,
    at: from + i * 15 * MIN,
    mentions: mentions(i),
    negative: negative ? Math.round(mentions(i) / 4) : null,
  }));

function view(language: Language) {
  const v = viewContext(examplePlanNow());
  return { ...v, m: new Messages(language, 'Europe/Stockholm'), plan: { ...v.plan, language, timeZone: 'Europe/Stockholm' } };
}

describe('chartData', () => {
  it('runs from an hour before the opening (or the alert behind it) to the close, with each source’s baseline and the milestones', () => {
    const all = [
      ...readings('brandwatch', T0 - 8 * 60 * MIN, 44, (i) => (i < 32 ? 40 : 200)),
      ...readings('talkwalker', T0 - 60 * MIN, 3, () => 10, false),
    ];
    const data = chartData(snap, all, T0 + 99 * 60 * MIN);
    expect([data.from, data.to]).toEqual([T0 - LEAD_IN_MS, T0 + 3 * 60 * MIN]);
    expect(data.points.every((p) => p.at >= data.from && p.at <= data.to)).toBe(true);
    expect(data.points.find((p) => p.source === 'brandwatch' && p.mentions === 200)!.negativeShare).toBe(0.25);
    expect(data.points.find((p) => p.source === 'talkwalker')!.negativeShare).toBeNull();
    // Only a source with enough readings before the opening has a baseline.
    expect(data.baselines).toEqual([{ source: 'brandwatch', mentions: 40 }]);
    expect(data.milestones.map((m) => [m.kind, (m.at - T0) / MIN])).toEqual([
      ['opened', 0],
      ['first_ack', 4],
      ['escalated', 20],
      ['update', 30],
      ['closed', 180],
    ]);
    const fromAlert = chartData(
      {
        ...snap,
        timeline: [
          entry({ kind: 'alert', how: 'triage', title: 'x', source: 'brandwatch', severity: 'sev2', url: null }, { at: T0 - 60 * MIN }),
        ],
      },
      [],
      T0,
    );
    expect(fromAlert.from).toBe(T0 - 60 * MIN - LEAD_IN_MS);
  });

  it('starts at the first reading when that came later than an hour before, never after the opening', () => {
    expect(
      chartData(
        snap,
        readings('brandwatch', T0 - 20 * MIN, 4, () => 50),
        T0 + MIN,
      ).from,
    ).toBe(T0 - 20 * MIN);
    expect(
      chartData(
        snap,
        readings('brandwatch', T0 + 30 * MIN, 4, () => 50),
        T0 + MIN,
      ).from,
    ).toBe(T0);
    expect(
      chartData(
        snap,
        readings('brandwatch', T0 - 5 * 60 * MIN, 30, () => 50),
        T0 + MIN,
      ).from,
    ).toBe(T0 - 60 * MIN);
  });
});

describe('chartSpec', () => {
  it('without readings shows the milestones alone and says no listening data was received, in each language', () => {
    const expected: Record<Language, [string, string, string]> = {
      en: ['Online conversation: Kettle recall', 'No listening data was received: the team’s milestones alone', 'Opened'],
      sv: ['Samtalet på nätet: Kettle recall', 'Ingen data från omvärldsbevakningen har tagits emot: bara teamets milstolpar', 'Startad'],
      pl: ['Rozmowa w sieci: Kettle recall', 'Nie otrzymano danych z monitoringu sieci: tylko kluczowe momenty zespołu', 'Ogłoszenie'],
    };
    for (const language of ['en', 'sv', 'pl'] as const) {
      const spec = chartSpec(view(language), crisis, chartData(snap, [], T0));
      expect([specTitle(spec).text, specTitle(spec).subtitle?.[0]]).toEqual(expected[language].slice(0, 2));
      // The milestones numbered above the plot, and named with their times in the subtitle.
      expect(specTitle(spec).subtitle?.[1]).toMatch(new RegExp(`^1 ${expected[language][2]} 10:00 · 2 `));
      const [rule, text] = layers(spec);
      expect(rule?.mark?.type).toBe('rule');
      expect(text?.data?.values[0]).toMatchObject({ n: '1', label: expected[language][2] });
      expect(text?.encoding?.text).toEqual({ field: 'n' });
      expect(text?.data?.values.every((v) => (v.y as number) < 0)).toBe(true); // above the plot: never across the data
      expect(layers(spec)).toHaveLength(2);
    }
  });

  it('draws one source: its mentions, negative share on a second axis, baseline dashed, times in the plan’s zone', () => {
    const data = chartData(
      snap,
      readings('brandwatch', T0 - 7 * 60 * MIN, 40, (i) => 30 + i),
      T0,
    );
    const spec = chartSpec(view('sv'), crisis, data);
    const [baseline, mentions, negative, rule, text] = layers(spec);
    expect(baseline?.mark).toMatchObject({ type: 'rule', strokeDash: [6, 4] });
    expect(mentions?.mark?.type).toBe('line');
    expect(mentions?.encoding?.y?.axis?.title).toBe('Omnämnanden');
    expect(mentions?.encoding?.x?.axis?.title).toBe('Tid (centraleuropeisk normaltid, GMT+01:00)');
    // A tick at midnight shows the date.
    expect(mentions?.encoding?.x?.axis?.labelExpr).toContain("utcFormat(datum.value, '%d.%m')");
    expect(mentions?.encoding?.color?.legend?.title).toBe('Källa');
    expect(negative?.encoding?.y).toMatchObject({
      scale: { domain: [0, 1] },
      axis: { title: 'Andel negativa', format: '.0%', orient: 'right' },
    });
    // 09:00 UTC is 10:00 in Stockholm in December: drawn at 10:00 on the UTC scale.
    expect(text?.data?.values[0]).toMatchObject({ t: Date.UTC(2026, 11, 1, 10), label: 'Startad' });
    expect(text?.data?.values.map((m) => m.label)).toEqual([
      'Startad',
      'Första kvittering',
      'Eskalerad till steg 2',
      'Lägesrapport',
      'Avslutad',
    ]);
    expect(rule?.mark?.type).toBe('rule');
    expect(mentions?.data?.values).toHaveLength(data.points.length);
    expect(spec.resolve).toEqual({ scale: { y: 'independent' } });
  });

  it('draws three sources in one colour scale, in Polish', () => {
    const all = ['brandwatch', 'meltwater', 'talkwalker'].flatMap((s, k) => readings(s, T0 - 60 * MIN, 8, (i) => (k + 1) * 10 + i));
    const spec = chartSpec(view('pl'), crisis, chartData(snap, all, T0));
    const [, mentions] = layers(spec);
    expect(mentions?.encoding?.color?.scale?.domain).toEqual(['brandwatch', 'meltwater', 'talkwalker']);
    expect(new Set(mentions?.data?.values.map((p) => p.source)).size).toBe(3);
    expect(specTitle(spec).subtitle?.[0]).toBe(
      'Wzmianki na odczyt (linia ciągła), udział negatywnych (kropkowana, prawa oś), poziom bazowy (przerywana); czerwone linie: kluczowe momenty zespołu',
    );
    expect(layers(spec)[4]?.data?.values.map((m) => m.label)).toContain('Eskalacja do etapu 2');
  });
});
