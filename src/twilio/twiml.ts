/** TwiML, the XML a call's webhooks answer with: only the verbs the bot uses. */

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export interface Say {
  readonly say: string;
  readonly language: string;
  readonly voice: string;
}

export type Verb =
  | Say
  | { readonly gather: { readonly action: string; readonly timeoutS: number; readonly say: readonly Say[] } }
  | { readonly message: string }
  | { readonly hangup: true };

function verb(v: Verb): string {
  if ('say' in v) return `<Say language="${escapeXml(v.language)}" voice="${escapeXml(v.voice)}">${escapeXml(v.say)}</Say>`;
  if ('gather' in v) {
    const inner = v.gather.say.map(verb).join('');
    return `<Gather input="dtmf" numDigits="1" timeout="${v.gather.timeoutS}" method="POST" action="${escapeXml(v.gather.action)}">${inner}</Gather>`;
  }
  if ('message' in v) return `<Message>${escapeXml(v.message)}</Message>`;
  return '<Hangup/>';
}

export function twiml(verbs: readonly Verb[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.map(verb).join('')}</Response>`;
}
