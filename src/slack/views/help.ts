export function renderHelp(types: readonly string[]): string {
  return [
    '*/crisis* — run a social-media crisis from Slack',
    '• `/crisis open` — open a crisis with a form',
    '• `/crisis open [sev1|sev2|sev3] [type:<name>] <title>` — open at once (default sev2)',
    '• `/crisis status` — state, who acknowledged, checklist progress (in a crisis channel)',
    '• `/crisis update <text>` — record and post a status update (in a crisis channel)',
    '• `/crisis escalate` — page the next stage now (in a crisis channel)',
    '• `/crisis severity sev1|sev2|sev3` — change the severity (in a crisis channel)',
    '• `/crisis close [summary]` — close and post the debrief (in a crisis channel)',
    '• `/crisis list` — the open crises',
    `Crisis types: ${types.join(', ')}`,
  ].join('\n');
}
