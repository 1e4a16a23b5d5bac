/** Every button in a message's blocks: section accessories and actions elements. */
export const buttonsOf = (blocks: any[] | undefined): any[] =>
  (blocks ?? []).flatMap((b) => [b.accessory, ...(b.elements ?? [])]).filter((e) => e?.type === 'button');

/** A message's blocks as one string, for "does it say …" checks. */
export const json = (v: unknown): string => JSON.stringify(v ?? null);
