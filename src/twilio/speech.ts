import type { Plan } from '../config/plan.js';
import type { Crisis } from '../domain/crisis.js';
import { SAY_LANGUAGE, SAY_VOICE } from '../domain/phone.js';
import type { Messages } from '../i18n/messages.js';
import type { Say } from './twiml.js';

/** What a call says and a text answers, in the plan's language; plain words (a voice reads them). */
export class Speech {
  readonly language: string;
  readonly voice: string;

  constructor(
    private readonly m: Messages,
    private readonly plan: Pick<Plan, 'language' | 'severityDescriptions'>,
  ) {
    this.language = SAY_LANGUAGE[plan.language];
    this.voice = SAY_VOICE[plan.language];
  }

  say(text: string): Say {
    return { say: text, language: this.language, voice: this.voice };
  }

  /** Title, severity and what it means. */
  about(crisis: Crisis): Say[] {
    const level = crisis.severity.replace(/^sev/, '');
    const meaning = this.plan.severityDescriptions[crisis.severity];
    return [
      this.say(this.m.t('phone.intro', { title: crisis.title, level })),
      ...(meaning ? [this.say(this.m.t('phone.meaning', { meaning }))] : []),
    ];
  }

  voicemail(crisis: Crisis): Say {
    return this.say(this.m.t('phone.voicemail', { title: crisis.title, level: crisis.severity.replace(/^sev/, '') }));
  }

  t(key: 'pressOne' | 'noKey' | 'wrongKey' | 'acknowledged' | 'nothing' | 'textNotOne' | 'textNothing'): string {
    return this.m.t(`phone.${key}`);
  }

  textAcknowledged(crises: readonly Crisis[]): string {
    return this.m.t('phone.textAcknowledged', { titles: this.m.list(crises.map((c) => c.title)) });
  }
}
