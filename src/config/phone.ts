import { createRequire } from 'node:module';

type Parse = (text: string) => { isValid(): boolean; number: string } | undefined;

let parse: Parse | undefined;
const known = new Map<string, string | undefined>();

/**
 * A number in international form as E.164 (`+46701234567`), or undefined when it is not one a
 * phone network would route: spaces and dashes are allowed as people write them, a missing
 * country code is not. libphonenumber-js with its full metadata: a number that merely has the
 * right length for its country would still ring nobody.
 *
 * Loaded on first use, not with the plan: its metadata holds about 2 MiB of the heap for as long
 * as the process runs, which a team that never calls anyone should not pay.
 */
export function e164(text: string | undefined): string | undefined {
  if (text === undefined || !text.trim().startsWith('+')) return undefined;
  if (known.has(text)) return known.get(text);
  parse ??= (createRequire(import.meta.url)('libphonenumber-js/max') as { parsePhoneNumberFromString: Parse }).parsePhoneNumberFromString;
  const parsed = parse(text.trim());
  const number = parsed?.isValid() ? parsed.number : undefined;
  known.set(text, number);
  return number;
}
