import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deriveFingerprint, mapAlertmanagerSeverity } from '../../../src/domain/alerts.js';
import { atOrAbove } from '../../../src/domain/severity.js';
import {
  alertmanagerSchema,
  describeIssues,
  fromAlertmanager,
  fromGeneric,
  genericAlertSchema,
  signalSchema,
} from '../../../src/http/alert-bodies.js';

const recorded = JSON.parse(readFileSync(new URL('../../fixtures/alertmanager-v4.json', import.meta.url), 'utf8')) as object;

describe('generic alerts', () => {
  it('derives a fingerprint from source and title, ignoring case', () => {
    const a = fromGeneric(genericAlertSchema.parse({ title: 'Outage', severity: 'sev2', source: 'X' }));
    const b = fromGeneric(genericAlertSchema.parse({ title: 'OUTAGE', severity: 'sev3', source: 'x' }));
    const c = fromGeneric(genericAlertSchema.parse({ title: 'Outage', severity: 'sev2', source: 'y' }));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
    expect(a.fingerprint).toBe(deriveFingerprint('x', 'outage'));
  });

  it('keeps a given fingerprint and defaults the source', () => {
    const a = fromGeneric(genericAlertSchema.parse({ title: 'T', severity: 'sev1', fingerprint: 'abc' }));
    expect(a).toMatchObject({ fingerprint: 'abc', source: 'unknown', resolved: false });
  });

  it('names every failing field', () => {
    const result = genericAlertSchema.safeParse({ title: '', severity: 'high', url: 'ftp://x', metrics: 3 });
    expect(result.success).toBe(false);
    const reasons = describeIssues(result.error!);
    expect(reasons.map((r) => r.split(':')[0])).toEqual(expect.arrayContaining(['title', 'severity', 'url', 'metrics']));
  });

  it('cleans control characters out of titles', () => {
    const a = fromGeneric(genericAlertSchema.parse({ title: 'Line\u0000one\ntwo', severity: 'sev3' }));
    expect(a.title).toBe('Line one two');
  });
});

describe('Alertmanager', () => {
  it('maps the recorded v4 delivery', () => {
    const alerts = fromAlertmanager(alertmanagerSchema.parse(recorded));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({
      title: 'Checkout failing for 30% of customers',
      severity: 'sev1',
      source: 'alertmanager',
      fingerprint: 'alertmanager:5f8d6ad3a5cc1f6b',
      url: 'http://prometheus.example.com/graph?g0.expr=checkout_5xx_ratio+%3E+0.3',
      resolved: false,
    });
    expect(alerts[0]!.summary).toContain('customers are posting screenshots');
    // No annotations.summary: the title falls back to the alert name.
    expect(alerts[1]).toMatchObject({ title: 'BrandMentionsSpike', severity: 'sev2' });
  });

  it.each([
    ['critical', 'sev1'],
    ['CRITICAL', 'sev1'],
    ['warning', 'sev2'],
    ['info', 'sev3'],
    [undefined, 'sev3'],
    ['sev2', 'sev2'],
    ['sev1', 'sev1'],
  ])('maps severity %s to %s', (label, severity) => {
    expect(mapAlertmanagerSeverity(label)).toBe(severity);
  });

  it('refuses other webhook versions', () => {
    expect(alertmanagerSchema.safeParse({ ...recorded, version: '3' }).success).toBe(false);
  });
});

describe('severity order', () => {
  it('treats sev1 as the most severe', () => {
    expect(atOrAbove('sev1', 'sev1')).toBe(true);
    expect(atOrAbove('sev1', 'sev2')).toBe(true);
    expect(atOrAbove('sev2', 'sev1')).toBe(false);
    expect(atOrAbove('sev3', 'sev2')).toBe(false);
  });
});

describe('signal bodies', () => {
  it('accepts counts and an ISO time, refuses negative above mentions', () => {
    expect(signalSchema.safeParse({ source: 's', mentions: 10, negative: 3, at: '2026-11-22T10:00:00Z' }).success).toBe(true);
    const bad = signalSchema.safeParse({ source: 's', mentions: 10, negative: 11 });
    expect(bad.success).toBe(false);
    expect(describeIssues(bad.error!)).toEqual(['negative: must not exceed mentions']);
    expect(signalSchema.safeParse({ source: 's', mentions: 1.5 }).success).toBe(false);
  });
});
