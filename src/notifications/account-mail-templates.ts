/** E-mails about the account itself (password reset), in every UI language. */
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
