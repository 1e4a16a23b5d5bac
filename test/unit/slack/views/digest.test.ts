import type { SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../src/domain/alerts.js';
import { ActionId } from '../../../../src/slack/ids.js';
import { DIGEST_LISTED, renderDigest } from '../../../../src/slack/views/digest.js';
import { buttonsOf, json } from '../../../support/blocks.js';
import { T0, crisisRow, examplePlanNow, viewContext } from '../../support.js';

const v = viewContext(examplePlanNow());
const DIGEST = { id: 9, openedAt: T0, closesAt: T0 + 30_000, channel: 'C0ALERTS', ts: '1.1' };

function alert(id: number, over: Partial<Alert> = {}): Alert {
  return {
    id,
    fingerprint: `f${id}`,
    source: 'listening',
    title: `Spike ${id}`,
    severity: 'sev3',
    summary: null,
    url: null,
    metrics: null,
    state: 'triage',
    crisisId: null,
    receivedAt: T0 + id * 1000,
    seenCount: 1,
    lastSeenAt: T0,
    decidedBy: null,
    decidedAt: null,
    resolvedAt: null,
    channel: null,
    ts: null,
    digestId: 9,
    handoffLink: null,
    ...over,
  };
}

describe('renderDigest', () => {
  it('counts the alerts, names their sources and window, and lists the most severe and newest', () => {
    const alerts = [
      ...Array.from({ length: 26 }, (_, i) => alert(i + 1)),
      alert(30, { severity: 'sev1', receivedAt: T0, source: 'prometheus' }),
    ];
    const message = renderDigest(v, DIGEST, alerts, () => undefined);
    expect((message.blocks[0] as SectionBlock).text!.text).toBe('🔔 *27 more alerts from listening and prometheus in the last 30s*');
    const opens = buttonsOf(message.blocks).filter((b) => b.action_id === ActionId.alertOpen);
    expect(opens.map((b) => b.value)).toEqual(['30', '26', '25', '24', '23', '22', '21', '20', '19', '18']);
    expect(opens).toHaveLength(DIGEST_LISTED);
    expect(json(message.blocks)).toContain('17 more alerts are not listed');
    const dismissAll = buttonsOf(message.blocks).find((b) => b.action_id === ActionId.alertDismissAll);
    expect(dismissAll).toMatchObject({ value: '9', text: { text: 'Dismiss all (27)' } });
    expect(message.text).toBe('27 alerts grouped in one message while alerts poured in');
  });

  it('shows what was decided instead of the buttons, and drops Dismiss all once nothing is left', () => {
    const alerts = [
      alert(1, { state: 'opened', decidedBy: 'U0OMAR', decidedAt: T0 + 5_000, crisisId: 4 }),
      alert(2, { state: 'dismissed', decidedBy: 'U0ANNA', decidedAt: T0 + 6_000 }),
    ];
    const message = renderDigest(v, DIGEST, alerts, (a) => (a.crisisId ? crisisRow({ id: 4, channelId: 'C0CRISIS' }) : undefined));
    expect(buttonsOf(message.blocks)).toEqual([]);
    expect(json(message.blocks)).toContain('Opened as a crisis by <@U0OMAR>');
    expect(json(message.blocks)).toContain('<#C0CRISIS>');
    expect(json(message.blocks)).toContain('Dismissed by <@U0ANNA>');
  });

  it('counts sources past three instead of naming them', () => {
    const alerts = ['a', 'b', 'c', 'd'].map((source, i) => alert(i + 1, { source }));
    expect((renderDigest(v, DIGEST, alerts, () => undefined).blocks[0] as SectionBlock).text!.text).toContain('from 4 sources');
  });
});
