import type { en } from './en.js';

/** A catalogue has English's keys, each a message: a missing or an extra one does not compile. */
type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Catalogue = Shape<typeof en>;

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** `summary.header`, `buttons.done`, …: every message, by its path in the catalogue. */
export type MessageKey = Leaves<typeof en>;
