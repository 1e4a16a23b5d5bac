import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature, as it documents it: the full URL it requested, then each POST
 * parameter's name and value, sorted by name, appended without separators; HMAC-SHA1 of that
 * with the account's auth token, in base64. A parameter given twice contributes each value, in
 * the order sent, under its name.
 */
export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  let data = url;
  for (const name of names) for (const value of params.getAll(name)) data += name + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Whether `signature` (the X-Twilio-Signature header) is Twilio's for this request; constant-time. */
export function validTwilioSignature(authToken: string, url: string, params: URLSearchParams, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
