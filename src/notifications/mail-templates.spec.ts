import { MAIL_LANGUAGES, mailLanguage } from '@lib/mail';
import { digestMail, notificationMail, notificationTitle, reminderTitle } from './mail-templates';

describe('e-mail texts in every UI language', () => {
  const UI = ['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz'];

  it('lists exactly the UI languages', () => {
    expect([...MAIL_LANGUAGES].sort()).toEqual([...UI].sort());
  });

  it.each(UI)('%s: every template has its own text', (lang) => {
    expect(mailLanguage(lang)).toBe(lang);
    const english = {
      titles: (['mention', 'reply', 'thread_solved', 'invited_to_channel'] as const).map((k) => notificationTitle('en', k, 'Aida', 'Bishkek')),
      reminder: reminderTitle('en', 'X'),
      mail: notificationMail('en', { title: 'T', snippet: 'S', url: 'https://u' }),
      digest: digestMail('en', [{ title: 'T', snippet: 'S' }], 'https://u'),
    };
    const titles = (['mention', 'reply', 'thread_solved', 'invited_to_channel'] as const).map((k) => notificationTitle(lang, k, 'Aida', 'Bishkek'));
    for (const title of titles) expect(title).toMatch(/Aida.*Bishkek|Bishkek.*Aida/s);
    const mail = notificationMail(lang, { title: 'T', snippet: 'S', url: 'https://u' });
    expect(mail.text).toContain('https://u');
    const digest = digestMail(lang, [{ title: 'T', snippet: 'S' }], 'https://u');
    expect(digest.subject).toContain('1');
    if (lang !== 'en') {
      titles.forEach((title, i) => expect(title).not.toBe(english.titles[i]));
      expect(reminderTitle(lang, 'X')).not.toBe(english.reminder);
      expect(mail.text).not.toBe(english.mail.text);
      expect(digest.subject).not.toBe(english.digest.subject);
      expect(digest.text).not.toBe(english.digest.text);
    }
  });

  it('falls back through the related language, then English', () => {
    expect(mailLanguage('kk-Latn-KZ')).toBe('kk');
    expect(mailLanguage('tt')).toBe('en');
    expect(mailLanguage('')).toBe('en');
    expect(mailLanguage(null)).toBe('en');
  });
});
