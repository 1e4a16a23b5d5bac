/** How bad a crisis or an alert is: sev1 is the most severe. The plan and the domain share these words. */
export const SEVERITIES = ['sev1', 'sev2', 'sev3'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const isSeverity = (word: string): word is Severity => (SEVERITIES as readonly string[]).includes(word);
