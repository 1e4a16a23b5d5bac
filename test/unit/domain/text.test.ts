import { describe, expect, it } from 'vitest';
import { channelName, cleanLine, cleanProse, slugify, truncate } from '../../../src/domain/text.js';
import { isTimeZone } from '../../../src/config/time-zone.js';
import { dateStamp } from '../../../src/domain/time.js';
import { wellFormed } from '../support.js';

const SLACK_CHANNEL_NAME = /^[a-z0-9_-]{1,80}$/;

describe('slugify', () => {
  it.each([
    ['Bojkott på Instagram!', 'bojkott-pa-instagram'],
    ['Räksmörgås åt öst', 'raksmorgas-at-ost'],
    ['Łódź: żółć na TikToku', 'lodz-zolc-na-tiktoku'],
    ['Fryske taal ûnder fjoer', 'fryske-taal-under-fjoer'],
    ['Smørrebrød & Ærø', 'smorrebrod-aero'],
    ['Straße', 'strasse'],
    ['  --Hello,   World--  ', 'hello-world'],
    ['CEO quote 2026', 'ceo-quote-2026'],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title, 80)).toBe(slug);
  });

  it('gives "untitled" for a title with no letters or digits', () => {
    expect(slugify('🔥🔥🔥', 60)).toBe('untitled');
    expect(slugify('!!! ???', 60)).toBe('untitled');
    expect(slugify('', 60)).toBe('untitled');
  });

  it('cuts at a word boundary', () => {
    expect(slugify('alpha beta gamma', 12)).toBe('alpha-beta');
    expect(slugify('alpha beta gamma', 10)).toBe('alpha-beta');
    expect(slugify('alpha beta gamma', 16)).toBe('alpha-beta-gamma');
  });

  it('cuts inside a word when there is no boundary in the second half', () => {
    expect(slugify('supercalifragilistic word', 10)).toBe('supercalif');
  });

  it('never ends with a hyphen and never exceeds max', () => {
    for (let max = 1; max <= 40; max++) {
      const slug = slugify('A crisis: about — many – things, at once & more', max);
      expect(slug.length).toBeLessThanOrEqual(max);
      expect(slug).not.toMatch(/^-|-$/);
    }
  });
});

describe('dateStamp', () => {
  it('is the calendar day where the team is, not where the machine is', () => {
    const lateEvening = Date.UTC(2026, 2, 5, 23, 30); // 23:30 in London, 00:30 the next day in Stockholm
    expect(dateStamp(lateEvening, 'UTC')).toBe('20260305');
    expect(dateStamp(lateEvening, 'Europe/Stockholm')).toBe('20260306');
    expect(dateStamp(lateEvening, 'America/New_York')).toBe('20260305');
  });

  it('knows IANA zones and refuses others', () => {
    expect(isTimeZone('Europe/Warsaw')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('CEST+2')).toBe(false);
  });
});

describe('channelName', () => {
  const opened = '20260305';

  it('is <prefix>-<yyyymmdd>-<slug>', () => {
    expect(channelName('crisis', opened, 'Bojkott på Instagram')).toBe('crisis-20260305-bojkott-pa-instagram');
  });

  it('appends the attempt number from the second attempt', () => {
    expect(channelName('crisis', opened, 'Leak', 1)).toBe('crisis-20260305-leak');
    expect(channelName('crisis', opened, 'Leak', 2)).toBe('crisis-20260305-leak-2');
    expect(channelName('crisis', opened, 'Leak', 12)).toBe('crisis-20260305-leak-12');
  });

  it('stays within 80 characters, even with a 150-character title and suffix -12', () => {
    const title = 'Word '.repeat(30).trim(); // 149 characters
    const long = `${title}X`;
    expect(long.length).toBe(150);
    for (const attempt of [1, 2, 12, 123]) {
      const name = channelName('crisis', opened, long, attempt);
      expect(name.length).toBeLessThanOrEqual(80);
      expect(name).toMatch(SLACK_CHANNEL_NAME);
      expect(name.startsWith('crisis-20260305-word-')).toBe(true);
      if (attempt > 1) expect(name.endsWith(`-${attempt}`)).toBe(true);
    }
    const unbroken = channelName('crisis', opened, 'x'.repeat(150), 12);
    expect(unbroken.length).toBeLessThanOrEqual(80);
    expect(unbroken.endsWith('x-12')).toBe(true);
  });

  it('is a valid Slack channel name for hard titles', () => {
    for (const title of ['🔥', 'Łódź', '<!channel> alert', 'A/B test: "quotes"']) {
      expect(channelName('crisis_room', opened, title)).toMatch(SLACK_CHANNEL_NAME);
    }
    expect(channelName('crisis', opened, '🔥')).toBe('crisis-20260305-untitled');
  });
});

describe('truncate', () => {
  it('keeps what fits and never cuts a character in half', () => {
    expect(truncate('short', 10)).toBe('short');
    const title = '🔥'.repeat(75); // 150 UTF-16 units, 75 characters
    const cut = truncate(title, 149);
    expect(cut).toBe('🔥'.repeat(74));
    expect(wellFormed(cut)).toBe(true);
    // A family emoji is one character of seven code points: whole or not at all.
    expect(truncate('ab👨‍👩‍👧', 5)).toBe('ab');
  });
});

describe('cleanLine', () => {
  it('trims, turns control characters into spaces and collapses whitespace', () => {
    expect(cleanLine('  a\tb\n\r c  ')).toBe('a b c');
    expect(cleanLine('bell\u0007here')).toBe('bell here');
    expect(cleanLine('zero\u200bwidth \u202eright-to-left\u2066iso')).toBe('zero width right-to-left iso');
    expect(cleanLine('del\u007fc1\u0085end')).toBe('del c1 end');
    expect(cleanLine('Łódź 🔥')).toBe('Łódź 🔥');
  });
});

describe('cleanProse', () => {
  it('keeps line breaks, normalises them and limits blank lines to one', () => {
    expect(cleanProse('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
    expect(cleanProse('a\n\n\n\n\nb')).toBe('a\n\nb');
    expect(cleanProse('  indented\t\ttabs  \nnext   ')).toBe('indented tabs\nnext');
    expect(cleanProse('\n\n  text  \n\n')).toBe('text');
  });

  it('drops other control characters', () => {
    expect(cleanProse('bell\u0007 null\u0000 \u200bx')).toBe('bell null x');
  });
});
