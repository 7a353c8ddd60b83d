import { mailLanguage, type MailLanguage } from '@lib/mail';

/** E-mails about the account itself (invitation, password reset), in every UI language. */
type Lang = 'en' | 'tr' | 'ru' | 'az' | 'kk' | 'ar' | 'ur' | 'ky' | 'uz';

interface ResetText {
  subject: string;
  body: (v: { name: string; url: string }) => string;
}

const RESET: Record<Lang, ResetText> = {
  en: {
    subject: 'Reset your Birlik password',
    body: (v) =>
      `Hello ${v.name},\n\nSomeone (we hope you) asked to reset the password of your Birlik account.\n\nChoose a new password: ${v.url}\n\nThe link works once and expires in one hour. Signing in with the new password ends every other session of your account.\n\nIf you did not ask for this, ignore this e-mail: your password stays as it is.`,
  },
  tr: {
    subject: 'Birlik parolanızı sıfırlayın',
    body: (v) =>
      `Merhaba ${v.name},\n\nBirisi (umarız sizsiniz) Birlik hesabınızın parolasını sıfırlamak istedi.\n\nYeni bir parola belirleyin: ${v.url}\n\nBağlantı bir kez kullanılabilir ve bir saat sonra geçerliliğini yitirir. Yeni parolayla giriş yaptığınızda hesabınızın diğer tüm oturumları kapanır.\n\nBunu siz istemediyseniz bu e-postayı dikkate almayın: parolanız değişmez.`,
  },
  ru: {
    subject: 'Сброс пароля Birlik',
    body: (v) =>
      `Здравствуйте, ${v.name}!\n\nКто-то (надеемся, вы) запросил сброс пароля вашей учётной записи Birlik.\n\nЗадайте новый пароль: ${v.url}\n\nСсылка одноразовая и действует один час. После входа с новым паролем все остальные сеансы вашей учётной записи завершатся.\n\nЕсли вы этого не запрашивали, просто проигнорируйте письмо: пароль останется прежним.`,
  },
  az: {
    subject: 'Birlik parolunuzu sıfırlayın',
    body: (v) =>
      `Salam, ${v.name}!\n\nKimsə (ümid edirik ki, siz) Birlik hesabınızın parolunu sıfırlamağı xahiş etdi.\n\nYeni parol seçin: ${v.url}\n\nKeçid bir dəfə işləyir və bir saat ərzində etibarlıdır. Yeni parolla daxil olduqda hesabınızın bütün digər seansları bağlanır.\n\nBunu siz istəməmisinizsə, bu məktubu nəzərə almayın: parolunuz dəyişməyəcək.`,
  },
  kk: {
    subject: 'Birlik құпиясөзін қалпына келтіру',
    body: (v) =>
      `Сәлеметсіз бе, ${v.name}!\n\nБіреу (сіз деп үміттенеміз) Birlik тіркелгіңіздің құпиясөзін қалпына келтіруді сұрады.\n\nЖаңа құпиясөз таңдаңыз: ${v.url}\n\nСілтеме бір рет жұмыс істейді және бір сағат жарамды. Жаңа құпиясөзбен кірген соң тіркелгіңіздің басқа барлық сеанстары аяқталады.\n\nЕгер мұны сіз сұрамасаңыз, бұл хатты елемеңіз: құпиясөзіңіз өзгермейді.`,
  },
  ar: {
    subject: 'إعادة تعيين كلمة مرور Birlik',
    body: (v) =>
      `مرحبًا ${v.name}،\n\nطلب أحدهم (نأمل أن تكون أنت) إعادة تعيين كلمة مرور حسابك في Birlik.\n\nاختر كلمة مرور جديدة: ${v.url}\n\nيعمل الرابط مرة واحدة وتنتهي صلاحيته بعد ساعة. عند تسجيل الدخول بكلمة المرور الجديدة تنتهي جميع الجلسات الأخرى لحسابك.\n\nإن لم تطلب ذلك فتجاهل هذه الرسالة: ستبقى كلمة مرورك كما هي.`,
  },
  ur: {
    subject: 'اپنا Birlik پاس ورڈ دوبارہ ترتیب دیں',
    body: (v) =>
      `السلام علیکم ${v.name}،\n\nکسی نے (امید ہے آپ نے) آپ کے Birlik اکاؤنٹ کا پاس ورڈ دوبارہ ترتیب دینے کی درخواست کی ہے۔\n\nنیا پاس ورڈ منتخب کریں: ${v.url}\n\nیہ لنک ایک بار کام کرتا ہے اور ایک گھنٹے میں ختم ہو جاتا ہے۔ نئے پاس ورڈ سے سائن اِن کرنے پر آپ کے اکاؤنٹ کے باقی تمام سیشن ختم ہو جاتے ہیں۔\n\nاگر آپ نے یہ درخواست نہیں کی تو اس ای میل کو نظر انداز کریں: آپ کا پاس ورڈ نہیں بدلے گا۔`,
  },
  ky: {
    subject: 'Birlik сырсөзүн калыбына келтирүү',
    body: (v) =>
      `Саламатсызбы, ${v.name}!\n\nКимдир бирөө (сиз деп үмүттөнөбүз) Birlik каттоо эсебиңиздин сырсөзүн калыбына келтирүүнү сурады.\n\nЖаңы сырсөз тандаңыз: ${v.url}\n\nШилтеме бир жолу иштейт жана бир саат жарактуу. Жаңы сырсөз менен киргенде каттоо эсебиңиздин башка бардык сеанстары жабылат.\n\nЭгер муну сиз сурабасаңыз, бул катты көңүлгө албаңыз: сырсөзүңүз өзгөрбөйт.`,
  },
  uz: {
    subject: 'Birlik parolingizni tiklash',
    body: (v) =>
      `Assalomu alaykum, ${v.name}!\n\nKimdir (umid qilamizki, siz) Birlik hisobingiz parolini tiklashni so‘radi.\n\nYangi parol tanlang: ${v.url}\n\nHavola bir marta ishlaydi va bir soat amal qiladi. Yangi parol bilan kirganingizda hisobingizning boshqa barcha seanslari yopiladi.\n\nAgar buni siz so‘ramagan bo‘lsangiz, bu xatga e’tibor bermang: parolingiz o‘zgarmaydi.`,
  },
};

/** Related languages tried before English (a Kazakh reader is better served in Russian than in English). */
const FALLBACK: Record<string, Lang> = { kk: 'ru', ky: 'ru', uz: 'tr', az: 'tr', tk: 'tr', tt: 'ru', ba: 'ru' };

export function accountMailLanguage(locale: string): Lang {
  const lang = locale.toLowerCase().split(/[-_]/)[0];
  if (lang in RESET) return lang as Lang;
  return FALLBACK[lang] ?? 'en';
}

export function passwordResetMail(locale: string, v: { name: string; url: string }): { subject: string; text: string } {
  const t = RESET[accountMailLanguage(locale)];
  return { subject: t.subject, text: t.body(v) };
}

const INVITATION: Record<MailLanguage, { subject: string; body: (v: { url: string; memberName: string; expires: string }) => string }> = {
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
  ar: {
    subject: 'دعوة للانضمام إلى Birlik',
    body: (v) => `دُعيت باسم ${v.memberName} إلى Birlik، منصة التعاون لاتحاد بلديات العالم التركي.\n\nأنشئ حسابك: ${v.url}\n\nيعمل الرابط مرة واحدة وتنتهي صلاحيته في ${v.expires}.`,
  },
  ur: {
    subject: 'Birlik میں شمولیت کی دعوت',
    body: (v) => `آپ کو ${v.memberName} کی جانب سے ترک دنیا کی بلدیات کی یونین کے تعاون کے پلیٹ فارم Birlik میں مدعو کیا گیا ہے۔\n\nاپنا اکاؤنٹ بنائیں: ${v.url}\n\nیہ لنک ایک بار کام کرتا ہے اور ${v.expires} کو ختم ہو جائے گا۔`,
  },
  ky: {
    subject: 'Birlik платформасына чакыруу',
    body: (v) => `Сизди ${v.memberName} атынан Түрк дүйнөсүнүн муниципалитеттер бирлигинин Birlik кызматташтык платформасына чакырышты.\n\nАккаунт түзүңүз: ${v.url}\n\nШилтеме бир гана жолу иштейт жана ${v.expires} чейин жарактуу.`,
  },
  uz: {
    subject: 'Birlik’ka taklifnoma',
    body: (v) => `Siz ${v.memberName} nomidan Turkiy dunyo munitsipalitetlari ittifoqining Birlik hamkorlik platformasiga taklif qilindingiz.\n\nHisobingizni yarating: ${v.url}\n\nHavola bir marta ishlaydi va ${v.expires} gacha amal qiladi.`,
  },
};

export function invitationMail(locale: string, v: { url: string; memberName: string; expiresAt: Date }): { subject: string; text: string } {
  const lang = mailLanguage(locale);
  const expires = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(v.expiresAt) + ' (UTC)';
  const t = INVITATION[lang];
  return { subject: t.subject, text: t.body({ url: v.url, memberName: v.memberName, expires }) };
}
