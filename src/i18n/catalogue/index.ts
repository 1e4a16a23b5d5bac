import type { Language } from '../languages.js';
import { en } from './en.js';
import { pl } from './pl.js';
import type { Catalogue } from './shape.js';
import { sv } from './sv.js';

export type { Catalogue, MessageKey } from './shape.js';

export const catalogues: Readonly<Record<Language, Catalogue>> = { en, sv, pl };
