import { invitationMail, mailLanguage } from './mail-templates';

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
    expect(mailLanguage('ar-IQ')).toBe('en');
    expect(mailLanguage('TR')).toBe('tr');
  });
});
