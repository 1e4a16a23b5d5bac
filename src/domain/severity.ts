import type { Severity } from '../config/severity.js';

const RANK: Record<Severity, number> = { sev1: 1, sev2: 2, sev3: 3 };

/** "At or above sev2" means sev1 or sev2. */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] <= RANK[threshold];
}
