/** E-mail texts in the union's languages; anything else falls back to English. */
type Lang = 'en' | 'tr' | 'ru' | 'az' | 'kk';

const INVITATION: Record<Lang, { subject: string; body: (v: { url: string; memberName: string; expires: string }) => string }> = {
  en: {
    subject: 'You are invited to Birlik',
    body: (v) => `You have been invited to Birlik, the collaboration platform of the Union of Turkish World Municipalities, on behalf of ${v.memberName}.\n\nCreate your account: ${v.url}\n\nThe link works once and expires on ${v.expires}.`,
  },
  tr: {
    subject: "Birlik'e davet edildiniz",
    body: (v) => `${v.memberName} adına Türk Dünyası Belediyeler Birliği'nin iş birliği platformu Birlik'e davet edildiniz.\n\nHesabınızı oluşturun: ${v.url}\n\nBağlantı bir kez kullanılabilir ve ${v.expires} tarihinde geçerliliğini yitirir.`,
  },
  ru: {
    subject: 'Приглашение в Birlik',
    body: (v) => `Вас пригласили в Birlik, платформу сотрудничества Союза муниципалитетов тюркского мира, от имени: ${v.memberName}.\n\nСоздайте учётную запись: ${v.url}\n\nСсылка одноразовая и действует до ${v.expires}.`,
  },
  az: {
    subject: "Birlik-ə dəvət olunmusunuz",
    body: (v) => `${v.memberName} adından Türk Dünyası Bələdiyyələr Birliyinin əməkdaşlıq platforması Birlik-ə dəvət olunmusunuz.\n\nHesabınızı yaradın: ${v.url}\n\nKeçid bir dəfə işləyir və ${v.expires} tarixində etibarsız olur.`,
  },
  kk: {
    subject: 'Birlik платформасына шақыру',
    body: (v) => `Сізді ${v.memberName} атынан Түркі әлемі муниципалитеттері одағының Birlik ынтымақтастық платформасына шақырды.\n\nТіркелгі жасаңыз: ${v.url}\n\nСілтеме бір рет жұмыс істейді және ${v.expires} дейін жарамды.`,
  },
};

export function mailLanguage(locale: string): Lang {
  const lang = locale.toLowerCase().split('-')[0];
  return (lang in INVITATION ? lang : 'en') as Lang;
}

export function invitationMail(locale: string, v: { url: string; memberName: string; expiresAt: Date }): { subject: string; text: string } {
  const lang = mailLanguage(locale);
  const expires = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(v.expiresAt) + ' (UTC)';
  const t = INVITATION[lang];
  return { subject: t.subject, text: t.body({ url: v.url, memberName: v.memberName, expires }) };
}
