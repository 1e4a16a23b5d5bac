/** How bad a crisis or an alert is: sev1 is the most severe. */
export const SEVERITIES = ['sev1', 'sev2', 'sev3'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const isSeverity = (word: string): word is Severity => (SEVERITIES as readonly string[]).includes(word);

const RANK: Record<Severity, number> = { sev1: 1, sev2: 2, sev3: 3 };

/** "At or above sev2" means sev1 or sev2. */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] <= RANK[threshold];
}
