import { MAIL_LANGUAGES, digestMail, invitationMail, mailLanguage, notificationMail, notificationTitle, reminderTitle } from './mail-templates';

describe('invitation e-mail', () => {
  const v = { url: 'https://birlik.example.org/register?token=abc', memberName: 'Konya Büyükşehir Belediyesi', expiresAt: new Date('2026-12-06T10:00:00Z') };

  it.each([
    ['tr-TR', "Birlik'e davet edildiniz"],
    ['ru-KZ', 'Приглашение в Birlik'],
    ['az-Latn-AZ', 'Birlik-ə dəvət olunmusunuz'],
    ['kk-Cyrl-KZ', 'Birlik платформасына шақыру'],
    ['en', 'You are invited to Birlik'],
    ['bs-Latn-BA', 'You are invited to Birlik'],
  ])('%s: %s', (locale, subject) => {
    const m = invitationMail(locale, v);
    expect(m.subject).toBe(subject);
    expect(m.text).toContain(v.url);
    expect(m.text).toContain(v.memberName);
  });

  it('falls back to English', () => {
    expect(mailLanguage('bs-BA')).toBe('en');
    expect(mailLanguage('ar-IQ')).toBe('ar');
    expect(mailLanguage('TR')).toBe('tr');
  });
});

describe('e-mail texts in every UI language', () => {
  const UI = ['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz'];
  const inv = { url: 'https://birlik.example.org/register?token=abc', memberName: 'Bişkek şaardık keņeşi', expiresAt: new Date('2026-12-06T10:00:00Z') };

  it('lists exactly the UI languages', () => {
    expect([...MAIL_LANGUAGES].sort()).toEqual([...UI].sort());
  });

  it.each(UI)('%s: every template has its own text', (lang) => {
    expect(mailLanguage(lang)).toBe(lang);
    const english = {
      invitation: invitationMail('en', inv),
      titles: (['mention', 'reply', 'thread_solved', 'invited_to_channel'] as const).map((k) => notificationTitle('en', k, 'Aida', 'Bishkek')),
      reminder: reminderTitle('en', 'X'),
      mail: notificationMail('en', { title: 'T', snippet: 'S', url: 'https://u' }),
      digest: digestMail('en', [{ title: 'T', snippet: 'S' }], 'https://u'),
    };
    const m = invitationMail(lang, inv);
    expect(m.text).toContain(inv.url);
    expect(m.text).toContain(inv.memberName);
    const titles = (['mention', 'reply', 'thread_solved', 'invited_to_channel'] as const).map((k) => notificationTitle(lang, k, 'Aida', 'Bishkek'));
    for (const title of titles) expect(title).toMatch(/Aida.*Bishkek|Bishkek.*Aida/s);
    const mail = notificationMail(lang, { title: 'T', snippet: 'S', url: 'https://u' });
    expect(mail.text).toContain('https://u');
    const digest = digestMail(lang, [{ title: 'T', snippet: 'S' }], 'https://u');
    expect(digest.subject).toContain('1');
    if (lang !== 'en') {
      expect(m.subject).not.toBe(english.invitation.subject);
      expect(m.text).not.toBe(english.invitation.text);
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
    expect(invitationMail('ky-KG', inv).subject).toBe('Birlik платформасына чакыруу');
    expect(invitationMail('uz-Latn-UZ', inv).subject).toBe('Birlik’ka taklifnoma');
  });
});
