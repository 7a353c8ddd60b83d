import { mailLanguage } from '@lib/mail';
import { accountMailLanguage, invitationMail, passwordResetMail } from './mail-templates';

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

describe('invitation e-mail in every UI language', () => {
  const UI = ['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz'];
  const inv = { url: 'https://birlik.example.org/register?token=abc', memberName: 'Bişkek şaardık keņeşi', expiresAt: new Date('2026-12-06T10:00:00Z') };

  it.each(UI)('%s: has its own text', (lang) => {
    const english = invitationMail('en', inv);
    const m = invitationMail(lang, inv);
    expect(m.text).toContain(inv.url);
    expect(m.text).toContain(inv.memberName);
    if (lang !== 'en') {
      expect(m.subject).not.toBe(english.subject);
      expect(m.text).not.toBe(english.text);
    }
  });

  it('falls back through the related language', () => {
    expect(invitationMail('ky-KG', inv).subject).toBe('Birlik платформасына чакыруу');
    expect(invitationMail('uz-Latn-UZ', inv).subject).toBe('Birlik’ka taklifnoma');
  });
});

describe('password-reset e-mail', () => {
  it('is written in every UI language, falling back through a related one', () => {
    expect(['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz'].map(accountMailLanguage)).toEqual(['en', 'tr', 'ru', 'az', 'kk', 'ar', 'ur', 'ky', 'uz']);
    expect(accountMailLanguage('kk-Cyrl-KZ')).toBe('kk');
    expect(accountMailLanguage('tk')).toBe('tr');
    expect(accountMailLanguage('ba')).toBe('ru');
    expect(accountMailLanguage('de')).toBe('en');
    const m = passwordResetMail('az-Latn-AZ', { name: 'Leyla', url: 'https://b.example/reset?token=abc' });
    expect(m.subject).toBe('Birlik parolunuzu sıfırlayın');
    expect(m.text).toContain('https://b.example/reset?token=abc');
    expect(m.text).toContain('Leyla');
  });
});
