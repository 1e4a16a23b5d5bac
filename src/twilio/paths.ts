/** Where Twilio reaches the bot: one path per webhook, the attempt in the query (signed with the rest). */
export const TWILIO_PATHS = {
  voice: '/twilio/voice',
  gather: '/twilio/gather',
  callStatus: '/twilio/call-status',
  textStatus: '/twilio/text-status',
  /** Set as the number's "A message comes in" webhook in Twilio's console. */
  incomingText: '/twilio/sms',
} as const;

export function twilioPaths(publicUrl: string) {
  const at = (path: string, attemptId: number) => `${publicUrl}${path}?attempt=${attemptId}`;
  return {
    voice: (id: number) => at(TWILIO_PATHS.voice, id),
    gather: (id: number) => at(TWILIO_PATHS.gather, id),
    callStatus: (id: number) => at(TWILIO_PATHS.callStatus, id),
    textStatus: (id: number) => at(TWILIO_PATHS.textStatus, id),
  };
}
