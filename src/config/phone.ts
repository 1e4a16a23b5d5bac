import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A number in international form as E.164 (`+46701234567`), or undefined when it is not one a
 * phone network would route: spaces and dashes are allowed as people write them, a missing
 * country code is not. The full metadata, not the small set: a number that merely has the
 * right length for its country would still ring nobody.
 */
export function e164(text: string | undefined): string | undefined {
  if (text === undefined || !text.trim().startsWith('+')) return undefined;
  const parsed = parsePhoneNumberFromString(text.trim());
  return parsed?.isValid() ? parsed.number : undefined;
}
