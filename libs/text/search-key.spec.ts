import { distinctWords, measureCollisions } from './collisions';
import { DEMO_TEXTS, REGION_NAMES, RUSSIAN_WORDS, TURKISH_WORDS } from './fixtures';
import { fold } from './fold';
import { createSearchFolder, searchKey, searchQueryTokens, searchTokenSpans, searchTokens } from './search-key';

/** Every spelling in a group must fold to the same key. */
type Group = readonly string[];

const cases = (groups: readonly Group[]) => groups.map((g) => [g.join(' ≡ '), g] as const);

function expectSameKey(group: Group): void {
  const first = searchKey(group[0]);
  expect(first).not.toBe('');
  for (const s of group.slice(1)) expect([s, searchKey(s)]).toEqual([s, first]);
}

// ------------------------------------------------------------------------------------------------
// The examples the brief requires.
const REQUIRED: Group[] = [
  ['BAKI', 'Bakı', 'Baku', 'Баку'],
  ['Almaty', 'Almatı', 'Алматы'],
  ['Toshkent', 'Тошкент'],
  ['Qazaqstan', 'Kazakhstan', 'Қазақстан'],
  ['Bishkek', 'Бишкек'],
  ['Shymkent', 'Şımkent', 'Шымкент'],
  ['Kazan', 'Казань', 'Казан'],
  ['Ufa', 'Уфа'],
  ['Ulaanbaatar', 'Улаанбаатар'],
  ['Oʻzbekiston', "O'zbekiston", 'O‘zbekiston', 'Ozbekiston', 'Ўзбекистон'],
  ['İçərişəhər', 'icherisheher', 'Ичеришехер'],
  ['Gaziantep', 'GAZİANTEP'],
  ['مدينة', 'مَدِينَة', 'مَدِينَةٌ'],
  ['الموصل', 'إلموصل', 'ألموصل', 'المَوْصِل'],
];

const TURKISH: Group[] = [
  ['İstanbul', 'ISTANBUL', 'İSTANBUL', 'istanbul', 'Istanbul'],
  ['Iğdır', 'IĞDIR', 'igdir', 'ığdır', 'Igdir'],
  ['Diyarbakır', 'DİYARBAKIR', 'diyarbakir', 'DIYARBAKIR'],
  ['Şanlıurfa', 'ŞANLIURFA', 'sanliurfa', 'Sanliurfa'],
  ['Çanakkale', 'ÇANAKKALE', 'canakkale'],
  ['Gümüşhane', 'GÜMÜŞHANE', 'gumushane'],
  ['Kahramanmaraş', 'KAHRAMANMARAŞ', 'kahramanmaras'],
  ['Eskişehir', 'ESKİŞEHİR', 'eskisehir', 'Eskisehir'],
  ['Muğla', 'MUĞLA', 'mugla'],
  ['Kırşehir', 'KIRŞEHİR', 'kirsehir'],
  ['Ağrı', 'AĞRI', 'agri'],
  ['Düzce', 'DÜZCE', 'duzce'],
  ['Kütahya', 'KÜTAHYA', 'kutahya'],
  ['Uşak', 'UŞAK', 'usak'],
  ['Tekirdağ', 'TEKİRDAĞ', 'tekirdag'],
  ['Kırklareli', 'KIRKLARELİ', 'kirklareli'],
  ['Bingöl', 'BİNGÖL', 'bingol'],
  ['Çorlu', 'ÇORLU', 'corlu'],
  ['Şahinbey', 'ŞAHİNBEY', 'sahinbey', 'Sahinbey'],
  ['Zeytinburnu', 'ZEYTİNBURNU', 'zeytinburnu'],
  ['Büyükşehir', 'BÜYÜKŞEHİR', 'buyuksehir', 'Buyuksehir'],
  ['Belediyesi', 'BELEDİYESİ', 'belediyesi'],
  ['Güzelyurt', 'GÜZELYURT', 'guzelyurt'],
  ['Lefkoşa', 'LEFKOŞA', 'lefkosa'],
  ['Kıbrıs', 'KIBRIS', 'kibris'],
  ['Işık', 'IŞIK', 'isik'],
  ['ılık', 'ILIK', 'ilik'],
  ['İçişleri', 'İÇİŞLERİ', 'icisleri'],
  ['hâlâ', 'hala', 'HÂLÂ'],
  ['kâr', 'kar'],
  ['rüzgâr', 'rüzgar', 'ruzgar'],
  ['Hakkâri', 'Hakkari', 'HAKKARİ'],
  ["İSU'da", "ISU'da", 'isuda', 'İSU’da'],
  ["İstanbul'da", 'istanbulda', 'İstanbul’da'],
  ["Şubat'tan", 'subattan'],
  ['erişilebilirlik', 'ERİŞİLEBİLİRLİK', 'erisilebilirlik'],
  ['öğrenci', 'ÖĞRENCİ', 'ogrenci'],
  ['Afyonkarahisar', 'AFYONKARAHİSAR', 'afyonkarahisar'],
  ['Kocaeli', 'KOCAELİ', 'kocaeli'],
  ['Konya', 'KONYA', 'konya'],
  ['Bursa', 'BURSA'],
  ['Girne', 'GİRNE', 'girne'],
  ['dönüşüm', 'DÖNÜŞÜM', 'donusum'],
  ['şartname', 'ŞARTNAME', 'sartname'],
  ['düşürdük', 'DÜŞÜRDÜK', 'dusurduk'],
  ['kayıp', 'KAYIP', 'kayip'],
  ['kaçak', 'KAÇAK', 'kacak'],
  ['tekerlekli', 'TEKERLEKLİ'],
  ['sandalye', 'SANDALYE', 'sandalie'],
  ['Şırnak', 'ŞIRNAK', 'sirnak'],
  ['Niğde', 'NİĞDE', 'nigde'],
  ['Nevşehir', 'NEVŞEHİR', 'nevsehir'],
  ['Ispartalı', 'ISPARTALI', 'ispartali'],
  ['İğne', 'IĞNE', 'igne'],
  ['Çağrı', 'ÇAĞRI', 'cagri'],
  ['ＫＯＮＹＡ', 'Konya'], // full-width (NFKC)
  ['ﬁnans', 'finans'], // ligature (NFKC)
];

const AZERBAIJANI: Group[] = [
  ['Azərbaycan', 'Azerbaycan', 'AZƏRBAYCAN', 'Azǝrbaycan', 'Azәrbaycan', 'Azerbaijan', 'Азербайджан'],
  ['Bakı', 'BAKI', 'Baku', 'Баку', 'Bakü', 'baki'],
  ['Gəncə', 'Gence', 'GƏNCƏ'],
  ['Şəki', 'Seki', 'ŞƏKİ', 'Şeki', 'Sheki'],
  ['Mingəçevir', 'Mingecevir', 'Mingechevir', 'MİNGƏÇEVİR'],
  ['Naxçıvan', 'Nakhchivan', 'Нахчыван', 'Nahçıvan', 'NAXÇIVAN'],
  ['Xankəndi', 'Khankendi', 'Hankendi', 'Ханкенди'],
  ['Şamaxı', 'Shamakhi', 'Шамахы', 'Şamahı'],
  ['Quba', 'Куба', 'Kuba'],
  ['Şuşa', 'Shusha', 'Шуша', 'Susa'],
  ['Ağdam', 'Агдам', 'Agdam'],
  ['Xırdalan', 'Khirdalan', 'Хырдалан', 'Hırdalan'],
  ['İçərişəhər', 'icherisheher', 'Ичеришехер', 'ICHERISHEHER', 'Içərişəhər'],
  ['Nərimanov', 'Nerimanov', 'NƏRİMANOV'],
  ['bələdiyyəsi', 'belediyyesi', 'BƏLƏDİYYƏSİ', 'belediyesi'],
  ['vətəndaş', 'vetendas', 'VƏTƏNDAŞ'],
  ['müraciətləri', 'muracietleri'],
  ['Sumqayıt', 'Sumqayit', 'SUMQAYIT'],
  ['şəhər', 'seher', 'şäher', 'Шәһәр'],
  ['elektronlaşdırılmasıdır', 'ELEKTRONLAŞDIRILMASIDIR'],
  ['günəş', 'gunes', 'GÜNƏŞ', 'güneş'],
  ['maliyyə', 'maliye', 'maliyye'],
  ['Qəbələ', 'Qebele', 'Kebele'],
  ['Lənkəran', 'Lenkeran'],
  ['Xaçmaz', 'Khachmaz', 'Хачмаз'],
  ['Zaqatala', 'Zakatala', 'Закатала'],
];

/** Kazakh: Cyrillic, the Latin alphabets of 2017 (apostrophes), 2018 (acutes) and 2021, and English. */
const KAZAKH: Group[] = [
  ['Қазақстан', 'Qazaqstan', 'QAZAQSTAN', 'Kazakhstan', 'Казахстан', 'Kazakistan'],
  ['Алматы', 'Almaty', 'Almatı', 'ALMATY', 'Алма́ты'],
  ['Астана', 'Astana', 'ASTANA'],
  ['Шымкент', 'Shymkent', 'Şymkent', 'Şımkent', "S'ymkent"],
  ['Қызылорда', 'Qyzylorda', 'Qızılorda', 'Kyzylorda', 'Kızılorda'],
  ['Ақтөбе', 'Aqtöbe', 'Aqtóbe', 'Aktobe', "Aqto'be"],
  ['Өскемен', 'Öskemen', 'Óskemen', 'Oskemen', "O'skemen"],
  ['Жезқазған', 'Jezqazğan', 'Jezqazǵan', 'Zhezkazgan', "Jezqazg'an"],
  ['Түркістан', 'Türkistan', 'Túrkistan', 'Turkistan', "Tu'rkistan"],
  ['Атырау', 'Atyrau', 'Atırau'],
  ['Орал', 'Oral'],
  ['Тараз', 'Taraz'],
  ['Ақтау', 'Aqtau', 'Aktau'],
  ['Павлодар', 'Pavlodar'],
  ['Семей', 'Semei', 'Semey'],
  ['Теміртау', 'Temirtau'],
  ['Қарағанды', 'Qarağandy', 'Qaraǵandy', "Qarag'andy", 'Qaraghandy'],
  ['Көкшетау', 'Kökşetau', 'Kokshetau'],
  ['Жаңаөзен', 'Jañaözen', 'Jańaózen', 'Zhangaozen'],
  ['теңге', 'tenge', 'teñge', 'TENGE'],
  ['әкімдігі', 'äkimdigi', 'ÄKİMDİGİ'],
  ['қаласы', 'qalasy', 'qalası', 'kalasy'],
  ['облысы', 'oblysy', 'oblısı', 'oblisi'],
  ['аудан', 'audan'],
  ['ауылы', 'auyly', 'auılı'],
  ['мектеп', 'mektep'],
  ['үкімет', 'ükimet', 'úkimet', 'ukimet'],
  ['сейсмикалық', 'seismikalyq', 'seysmikalyk'],
  ['қауіпті', 'qauipti', 'kauipti'],
  ['тәжірибе', 'täjiribe'],
  ['бөлісе', 'bölise', 'bolise'],
  ['күшейту', 'küşeitu', 'kusheytu', 'küşeytu'],
  ['Ұлытау', 'Ulytau', 'Ūlytau'],
  ['Маңғыстау', 'Mañğystau', 'Mangystau'],
  ['Байқоңыр', 'Baiqoñyr', 'Baykongyr'],
  ['Кеңес', 'Keñes', 'Kenges'],
  ['қазақ', 'qazaq', 'Kazakh', 'казах'],
  ['Жетісу', 'Jetisu', 'Zhetysu', 'Jetısu'],
  ['Петропавл', 'Petropavl'],
  ['Екібастұз', 'Ekibastūz', 'Ekibastuz'],
  ['Талдықорған', 'Taldyqorğan', 'Taldykorgan'],
];

const KYRGYZ: Group[] = [
  ['Бишкек', 'Bishkek', 'Bişkek', 'BISHKEK'],
  ['Ош', 'Osh', 'Oş'],
  ['Кара-Суу', 'Kara-Suu', 'Qara-Suu'],
  ['Жети-Өгүз', 'Jeti-Ögüz', 'Jeti-Oguz', 'Dzheti-Oguz', 'Zheti-Oguz'],
  ['Чолпон-Ата', 'Cholpon-Ata', 'Çolpon-Ata'],
  ['Нарын', 'Naryn', 'Narın'],
  ['Талас', 'Talas'],
  ['Токмок', 'Tokmok'],
  ['Каракол', 'Karakol', 'Qaraqol'],
  ['Баткен', 'Batken'],
  ['Жалал-Абад', 'Jalal-Abad', 'Dzhalal-Abad', 'Djalal-Abad'],
  ['Ысык-Көл', 'Ysyk-Köl', 'Isyk-Kol'],
  ['Кыргызстан', 'Kyrgyzstan', 'Qırğızstan', 'Kırgızistan'],
  ['Балыкчы', 'Balykchy', 'Balıkçı'],
  ['шаары', 'shaary', 'şaarı'],
  ['Өзгөн', 'Özgön', 'Ozgon'],
  ['Жаңы-Жол', 'Jangy-Jol', 'Jañı-Jol'],
  ['Тоң', 'Tong', 'Toñ'],
  ['Кочкор', 'Kochkor', 'Koçkor'],
  ['Көк-Жар', 'Kök-Jar', 'Kok-Zhar'],
  ['Кант', 'Kant'],
  ['Майлуу-Суу', 'Mailuu-Suu', 'Mayluu-Suu'],
];

const UZBEK: Group[] = [
  ['Toshkent', 'Тошкент', 'TOSHKENT', 'Tashkent', 'Ташкент', 'Taşkent'],
  ['Oʻzbekiston', "O'zbekiston", 'O‘zbekiston', 'O’zbekiston', 'Ozbekiston', 'Ўзбекистон', 'O`zbekiston', 'OʻZBEKISTON', 'O´zbekiston', 'Uzbekistan', 'Özbekistan', 'Узбекистан'],
  ['Samarqand', 'Самарқанд', 'Samarkand', 'Самарканд'],
  ['Buxoro', 'Бухоро', 'Bukhoro'],
  ['Xiva', 'Хива', 'Khiva', 'Hiva'],
  ['Qoʻqon', "Qo'qon", 'Қўқон', 'Qoqon', 'Kokon'],
  ['Fargʻona', "Farg'ona", 'Фарғона', 'Fargona', 'Farghona'],
  ['Namangan', 'Наманган'],
  ['Andijon', 'Андижон'],
  ['Navoiy', 'Навоий', 'Navoi', 'Навои'],
  ['Termiz', 'Термиз'],
  ['Gʻijduvon', 'Ғиждувон', 'Gijduvon', 'Ghijduvon'],
  ['Shahrisabz', 'Шаҳрисабз'],
  ['Jizzax', 'Жиззах', 'Jizzakh'],
  ['Nukus', 'Нукус'],
  ['Urganch', 'Урганч', 'Urganç'],
  ['Margʻilon', 'Марғилон', 'Margilon'],
  ['Qarshi', 'Қарши', 'Karshi'],
  ['Guliston', 'Гулистон'],
  ['Yangiyoʻl', 'Янгийўл', 'Yangiyol'],
  ['shahri', 'шаҳри', 'şahri'],
  ['hokimiyati', 'ҳокимияти', 'HOKIMIYATI'],
  ['maʼmuriyat', 'маъмурият', "ma'muriyat", 'mamuriyat'],
  ['panellari', 'панеллари'],
  ['maktablar', 'мактаблар'],
  ['loyihasini', 'лойиҳасини'],
  ['tayyorlayapmiz', 'TAYYORLAYAPMIZ'],
  ['Xorazm', 'Хоразм', 'Khorazm'],
  ['Qashqadaryo', 'Kashkadaryo', 'QASHQADARYO'],
];

const RUSSIAN: Group[] = [
  ['Москва', 'Moskva', 'MOSKVA', 'МОСКВА'],
  ['Казань', 'Kazan', "Kazan'", 'Qazan'],
  ['Уфа', 'Ufa', 'Өфө'],
  ['Махачкала', 'Makhachkala', 'Mahaçkala', 'Maxachkala', 'Mahachkala'],
  ['Дербент', 'Derbent'],
  ['Хасавюрт', 'Khasavyurt', 'Hasavyurt', 'Xasavyurt'],
  ['Стерлитамак', 'Sterlitamak'],
  ['Альметьевск', "Al'met'evsk", 'Almetevsk'],
  ['Бугульма', 'Bugulma', "Bugul'ma"],
  ['Лаишево', 'Laishevo'],
  ['Набережные Челны', 'Naberezhnye Chelny', 'Naberejnye Çelny'],
  ['Нижнекамск', 'Nizhnekamsk', 'Nijnekamsk'],
  ['Зеленодольск', 'Zelenodolsk', "Zelenodol'sk"],
  ['Чистополь', 'Chistopol', 'Çistopol'],
  ['Щучинск', 'Shchuchinsk', 'Şçuçinsk'],
  ['счётчики', 'счетчики', 'schetchiki', 'СЧЁТЧИКИ'],
  ['ёлка', 'елка', 'ЁЛКА'],
  ['Дагестан', 'Dagestan', 'Dağıstan'],
  ['Каспийск', 'Kaspiysk', 'Kaspiisk'],
  ['Буйнакск', 'Buynaksk', 'Buinaksk'],
  ['Кизляр', 'Kizlyar'],
  ['Царицыно', 'Tsaritsyno', 'Caricyno'],
  ['Жуковский', 'Zhukovsky', 'Zhukovskiy', 'Zhukovskii', 'Jukovski'],
  ['Мытищи', 'Mytishchi', 'Mytischi'],
  ['Ярославль', 'Yaroslavl', "Yaroslavl'"],
  ['Юрга', 'Yurga'],
  ['Хабаровск', 'Khabarovsk', 'Habarovsk'],
  ['Чебоксары', 'Cheboksary', 'Çeboksarı'],
  ['подъезд', 'podezd', "pod'ezd"],
  ['объект', 'obekt', "ob'ekt"],
  ['Россия', 'Rossiya', 'Rossiia'],
  ['Монголия', 'Mongolia', 'Mongoliya'],
  ['Сербия', 'Serbia', 'Serbiya'],
  ['зонирование', 'zonirovanie'],
  ['водоснабжение', 'vodosnabzhenie'],
  ['Шереметьево', 'Sheremetevo', "Sheremet'evo"],
  ['Щёлково', 'Shchelkovo', 'Schelkovo'],
  ['Тверь', 'Tver'],
  ['Ташкент', 'Tashkent'],
  ['Новый', 'Novyy', 'Novyi', 'Novy', 'Noviy'],
  ['Чувашия', 'Chuvashiya', 'Chuvashia'],
  ['Пятигорск', 'Pyatigorsk'],
  ['Грозный', 'Groznyy', 'Grozny'],
  ['Хасан', 'Khasan', 'Hasan'],
];

const TATAR: Group[] = [
  ['Казан', 'Qazan', 'Kazan', 'Казань'],
  ['Татарстан', 'Tatarstan', 'Tataristan'],
  ['Түбән Кама', 'Tübän Kama', 'Tuben Kama'],
  ['Әлмәт', 'Älmät', 'Elmet'],
  ['Чаллы', 'Çallı', 'Chally', 'CHALLY'],
  ['Бөгелмә', 'Bögelmä', 'Bogelme'],
  ['Шәһәр', 'Şähär', 'şəhər'],
  ['Мәктәп', 'Mäktäp', 'mektep'],
  ['Зәй', 'Zäy', 'Zei'],
  ['Алабуга', 'Alabuga'],
  ['Яңа Чишмә', 'Yaña Çişmä', 'Yanga Chishme'],
  ['Җир', 'Jir', 'Zhir'],
  ['Арча', 'Arça', 'Archa'],
  ['Мөслим', 'Möslim', 'Moslim'],
  ['Башкарма комитеты', 'Başqarma komitetı', 'Bashkarma komiteti'],
  ['Сарман', 'Sarman'],
  ['Әгерҗе', 'Ägerje', 'Egerzhe'],
  ['Кукмара', 'Kukmara'],
];

const BASHKIR: Group[] = [
  ['Башҡортостан', 'Башкортостан', 'Bashkortostan', 'Başqortostan', 'Başkurdistan'],
  ['Өфө', 'Ufa', 'Уфа'],
  ['Салауат', 'Salauat'],
  ['Салават', 'Salavat', 'Salawat'],
  ['Стәрлетамаҡ', 'Stärletamaq', 'Sterletamak'],
  ['Нефтекама', 'Neftekama'],
  ['Ишембай', 'Işembay', 'Ishembai'],
  ['Баймаҡ', 'Baymaq', 'Baimak'],
  ['Белорет', 'Beloret'],
  ['Ҡумертау', 'Qumertau', 'Kumertau'],
  ['Дүртөйлө', 'Dürtöylö', 'Durtoilo'],
  ['Туймазы', 'Tuymazy', 'Tuimazi'],
  ['Ҡырмыҫҡалы', 'Qırmısqalı', 'Kirmiskali'],
  ['Ағиҙел', 'Ağizel', 'Agizel'],
  ['Бөрйән', 'Böryän', 'Borien'],
  ['Сибай', 'Sibay', 'Sibai'],
];

const MONGOLIAN: Group[] = [
  ['Улаанбаатар', 'Ulaanbaatar', 'ULAANBAATAR'],
  ['Налайх', 'Nalaikh', 'Nalaih', 'Nalaykh'],
  ['Чингэлтэй', 'Chingeltei', 'Chingeltey'],
  ['Хэнтий', 'Khentii', 'Hentii', 'Khentiy'],
  ['Баян-Өлгий', 'Bayan-Ölgii', 'Bayan-Olgii'],
  ['Дархан', 'Darkhan', 'Darhan'],
  ['Эрдэнэт', 'Erdenet'],
  ['Өвөрхангай', 'Övörkhangai', 'Ovorhangai'],
  ['Сүхбаатар', 'Sükhbaatar', 'Sukhbaatar'],
  ['Төв', 'Töv', 'Tov'],
  ['Завхан', 'Zavkhan', 'Zavhan'],
  ['Ховд', 'Khovd', 'Hovd'],
  ['Сэлэнгэ', 'Selenge'],
  ['Цэцэрлэг', 'Tsetserleg'],
  ['Монгол Улс', 'Mongol Uls'],
  ['дүүрэг', 'düüreg', 'duureg'],
  ['аймаг', 'aimag', 'aymag'],
  ['Баянзүрх', 'Bayanzürkh', 'Bayanzurkh'],
  ['Хан-Уул', 'Khan-Uul', 'Han-Uul'],
  ['Сонгинохайрхан', 'Songinokhairkhan'],
  ['Дорнод', 'Dornod'],
  ['Увс', 'Uvs'],
  ['Архангай', 'Arkhangai', 'Arhangai'],
  ['Хөвсгөл', 'Khövsgöl', 'Hovsgol'],
  ['Чойбалсан', 'Choibalsan', 'Choybalsan'],
  ['Мөрөн', 'Mörön', 'Moron'],
];

const BOSNIAN_SERBIAN: Group[] = [
  ['Нови Пазар', 'Novi Pazar', 'NOVI PAZAR'],
  ['Тутин', 'Tutin'],
  ['Општина', 'Opština', 'Opstina', 'OPŠTINA'],
  ['Србија', 'Srbija'],
  ['Београд', 'Beograd'],
  ['Ниш', 'Niš', 'Nis'],
  ['Чачак', 'Čačak', 'Cacak'],
  ['Ћуприја', 'Ćuprija', 'Cuprija'],
  ['Ђурђевац', 'Đurđevac', 'Djurdjevac'],
  ['Љубљана', 'Ljubljana'],
  ['Његош', 'Njegoš', 'Njegos'],
  ['Сјеница', 'Sjenica'],
  ['Пријепоље', 'Prijepolje'],
  ['Тетово', 'Tetovo'],
  ['Гостивар', 'Gostivar'],
  ['Охрид', 'Ohrid'],
  ['Goražde', 'Gorazde', 'GORAŽDE'],
  ['Žepče', 'Zepce', 'ŽEPČE'],
  ['Gradačac', 'Gradacac'],
  ['Općina', 'Opcina', 'OPĆINA'],
  ['reciklažu', 'reciklazu'],
  ['Rožaje', 'Rozaje'],
  ['Sarajevo', 'SARAJEVO'],
  ['Hercegovina', 'Херцеговина'],
  ['Bosna', 'Босна'],
  ['Mostar', 'Мостар'],
  ['Podgorica', 'Подгорица'],
  ['Cetinje', 'Цетиње'],
  ['Nikšić', 'Никшић', 'Niksic'],
  ['Džamija', 'Џамија', 'Dzamija'],
  ['najveći', 'najveci', 'NAJVEĆI'],
  ['predmjer', 'PREDMJER'],
];

const ALBANIAN: Group[] = [
  ['Shqipëria', 'Shqiperia', 'SHQIPËRIA'],
  ['Tiranë', 'Tirane'],
  ['Berat', 'BERAT'],
  ['Prizren', 'Призрен'],
  ['Prishtinës', 'Prishtines'],
  ['Mamushës', 'Mamushes'],
  ['Maqedonia', 'Makedonia', 'Македония', 'Makedonya'],
  ['Kosovo', 'Косово'],
  ['mbeturinave', 'MBETURINAVE'],
  ['grumbullimin', 'GRUMBULLIMIN'],
  ['ndarë', 'ndare'],
  ['Tetovë', 'Tetove'],
  ['Bashkia', 'BASHKIA'],
  ['Çamëria', 'Cameria'],
  ['Gjirokastër', 'Gjirokaster'],
  ['Durrës', 'Durres'],
  ['Shkodër', 'Shkoder'],
  ['Korçë', 'Korce'],
  ['Vlorë', 'Vlore'],
  ['Elbasan', 'ELBASAN'],
];

const ARABIC: Group[] = [
  ['مدينة', 'مَدِينَة', 'مدينه', 'مَدِيْنَةٌ', 'ﻣﺪﻳﻨﺔ'],
  ['الموصل', 'إلموصل', 'ألموصل', 'آلموصل', 'ٱلموصل', 'المَوْصِل'],
  ['أربيل', 'اربيل', 'إربيل', 'أَرْبِيل'],
  ['كركوك', 'كَرْكُوك', 'كـركـوك', 'کرکوک'],
  ['تلعفر', 'تَلَّعْفَر'],
  ['الخليل', 'الخَلِيل'],
  ['بلدية', 'بلديه', 'بلدیة', 'بلدیہ', 'بَلَدِيَّة'],
  ['القاهرة', 'القاهره', 'القَاهِرَة'],
  ['الإسكندرية', 'الاسكندرية', 'الاسكندريه'],
  ['مصطفى', 'مصطفي', 'مصطفی'],
  ['فلسطين', 'فِلَسْطِين'],
  ['لبنان', 'لُبْنَان'],
  ['العراق', 'العِرَاق'],
  ['الضنية', 'الضنيه'],
  ['مسؤول', 'مسوول'],
  ['١٢٣', '123', '۱۲۳'],
  ['الذكية', 'الذكيه', 'الذَّكِيَّة'],
  ['مياه', 'مِيَاه'],
  ['عدادات', 'عَدَّادَات'],
  ['إسلام', 'اسلام', 'أسلام'],
  ['قرآن', 'قران', 'قُرْآن'],
  ['جباليا النزلة', 'جباليا النزله'],
  ['طوزخورماتو', 'طُوزخُورمَاتُو'],
  ['محافظة', 'محافظه'],
  ['مشاركة', 'مُشَارَكَة'],
];

const URDU: Group[] = [
  ['پاکستان', 'پاكستان'],
  ['لاہور', 'لاهور'],
  ['کراچی', 'كراچي', 'کراچى'],
  ['بلدیہ عظمیٰ کراچی', 'بلديه عظمي كراچي'],
  ['میٹروپولیٹن', 'ميٹروپوليٹن'],
  ['کارپوریشن', 'كارپوريشن'],
  ['سرکاری', 'سركاري'],
  ['اسکولوں', 'اسكولوں'],
  ['پینل', 'پينل'],
  ['تجربہ', 'تجربه', 'تجربة'],
  ['اسلام آباد', 'اسلام اباد'],
  ['کوئٹہ', 'كويٹه'],
  ['نیٹ میٹرنگ', 'نيٹ ميٹرنگ'],
  ['چھتوں', 'چهتوں'],
  ['۲۰۲۴', '2024', '٢٠٢٤'],
];

describe('searchKey — required examples', () => {
  it.each(cases(REQUIRED))('%s', (_, g) => expectSameKey(g));
});

describe.each([
  ['Turkish', TURKISH],
  ['Azerbaijani', AZERBAIJANI],
  ['Kazakh (Cyrillic, Latin 2017/2018/2021, English)', KAZAKH],
  ['Kyrgyz', KYRGYZ],
  ['Uzbek (Latin and Cyrillic)', UZBEK],
  ['Russian', RUSSIAN],
  ['Tatar', TATAR],
  ['Bashkir', BASHKIR],
  ['Mongolian', MONGOLIAN],
  ['Bosnian, Serbian, Montenegrin, Macedonian', BOSNIAN_SERBIAN],
  ['Albanian', ALBANIAN],
  ['Arabic', ARABIC],
  ['Urdu', URDU],
] as const)('searchKey — %s', (_, groups) => {
  it.each(cases(groups))('%s', (__, g) => expectSameKey(g));
});

describe('searchKey — the skeleton itself', () => {
  it.each([
    ['BAKI', 'baki'],
    ['Almaty', 'almati'],
    ['Алматы қаласының әкімдігі', 'almati kalasining ekimdigi'],
    ['Қазақстан', 'kazakstan'],
    ['Шымкент', 'simkent'],
    ['Ulaanbaatar', 'ulaanbaatar'],
    ['Oʻzbekiston', 'ozbekiston'],
    ['İçərişəhər', 'iceriseher'],
    ['Щучинск', 'scucinsk'],
    ['Царицыно', 'caricino'],
    ['Жуковский', 'jukovski'],
    ['Ярославль', 'iaroslavl'],
    ['Хасавюрт', 'hasaviurt'],
    ['Жаңаөзен', 'jangaozen'],
    ['теңге', 'tenge'],
    ['Ђурђевац', 'jurjevac'],
    ['Goražde', 'gorazde'],
    ['Џамија', 'dzamija'],
    ['  Gaziantep   Büyükşehir  ', 'gaziantep buiuksehir'],
    ['Ceadîr-Lunga', 'ceadir lunga'],
    ['kayıp-kaçak', 'kaip kacak'],
    ['25%: DMA (SCADA)', '25 dma scada'],
    ['e-Belediye', 'e beledie'],
    ['مَدِينَةٌ', 'مدينه'],
    ['٢٠٢٣', '2023'],
    ['', ''],
    ['   ', ''],
    ['!?—…', ''],
    ["'", ''],
    ['😀 Bakı 🇦🇿', 'baki'],
    ['Kazakh Qazaq', 'kazak kazak'],
    ['ß', 'ss'],
    ['Ærø', 'aero'],
  ])('%j → %j', (input, expected) => {
    expect(searchKey(input)).toBe(expected);
  });

  it('is idempotent on every fixture word and text', () => {
    for (const t of [...REGION_NAMES, ...DEMO_TEXTS, ...TURKISH_WORDS, ...RUSSIAN_WORDS]) {
      const k = searchKey(t);
      expect([t, searchKey(k)]).toEqual([t, k]);
    }
  });

  it('keeps every word of the reference data in the skeleton alphabet or its own script', () => {
    for (const t of [...REGION_NAMES, ...DEMO_TEXTS]) {
      for (const w of searchTokens(t)) {
        expect([t, w]).toEqual([t, expect.stringMatching(/^(?:[a-z0-9]+|[^\p{Script=Latin}\p{Script=Cyrillic}\s]+)$/u)]);
        expect(w).not.toMatch(/[qwxy]|sh|ch|zh|kh|gh|dj|ts|ii|gg/);
      }
    }
  });

  it('never separates words that fold() joins (except ä and ñ, which meet ә and ң instead)', () => {
    const words = distinctWords([...REGION_NAMES, ...DEMO_TEXTS, ...TURKISH_WORDS, ...RUSSIAN_WORDS]);
    const byFold = new Map<string, Set<string>>();
    for (const w of words) {
      if (/[äñńÄÑŃ]/.test(w)) continue;
      const f = fold(w);
      const set = byFold.get(f) ?? new Set<string>();
      set.add(searchKey(w));
      byFold.set(f, set);
    }
    for (const [f, keys] of byFold) expect([f, keys.size]).toEqual([f, 1]);
  });

  it('makes the Turkish casing pairs meet, like fold()', () => {
    for (const [a, b] of [
      ['İzmir', 'izmir'],
      ['IĞDIR', 'Iğdır'],
      ['DİYARBAKIR', 'Diyarbakır'],
      ['ISPARTA', 'ısparta'],
      ['İ', 'i'],
      ['I', 'ı'],
      ['ı', 'i'],
    ]) {
      expect(searchKey(a)).toBe(searchKey(b));
    }
  });

  it('handles decomposed input like the composed form', () => {
    for (const s of ['Bakı', 'İstanbul', 'Şəki', 'Ўзбекистон', 'Jañaözen', 'Жаңаөзен', 'Goražde', 'مَدِينَة']) {
      expect(searchKey(s.normalize('NFD'))).toBe(searchKey(s));
    }
  });

  it('does not break words at invisible joiners or soft hyphens', () => {
    expect(searchKey('Bele\u00ADdiye')).toBe(searchKey('Belediye'));
    expect(searchKey('می\u200Cشود')).toBe(searchKey('میشود'));
    expect(searchKey('ك\u0640ركوك')).toBe(searchKey('كركوك'));
  });
});

/** Pairs that must NOT meet: different words that share letters, or merges deliberately left out. */
const MUST_DIFFER: [string, string][] = [
  ['Konya', 'Kocaeli'],
  ['Ankara', 'Antakya'],
  ['Sivas', 'Siirt'],
  ['Muş', 'Muğla'],
  ['Kars', 'Kurs'],
  ['Bakı', 'Bakır'],
  ['Baku', 'Bakır'],
  ['Almaty', 'Almata'],
  ['kar', 'kır'],
  ['kar', 'kor'],
  ['kız', 'kaz'],
  ['göl', 'gül'],
  ['ölüm', 'ulum'],
  ['sıra', 'sera'],
  ['ev', 'av'],
  ['el', 'al'],
  // h and k stay apart (hToK off): Turkish h/k minimal pairs
  ['hal', 'kal'],
  ['hız', 'kız'],
  ['hat', 'kat'],
  ['her', 'ker'],
  ['hamam', 'kaman'],
  ['Hakkari', 'Kakkari'],
  // the j class (ж, j, zh) and the c class (ч, ç, c, ц, ts) stay apart (jToC off)
  ['чай', 'жай'],
  ['чар', 'жар'],
  ['Jeti', 'Ceti'],
  ['жена', 'цена'],
  // z and j stay apart
  ['зал', 'жал'],
  ['Zambyl', 'Jambyl'],
  // o/u, e/i, a/e stay apart
  ['Ош', 'Уш'],
  ['Osh', 'Ush'],
  ['Тараз', 'Тарас'],
  ['Шымкент', 'Чимкент'],
  ['Bishkek', 'Biskra'],
  ['Kazan', 'Qazaq'],
  ['Ufa', 'Ofa'],
  ['Tetovo', 'Tetova'],
  ['Ulaanbaatar', 'Ulanbatar'],
  ['Hakkari', 'Hakari'],
  ['Rossiya', 'Rosiya'],
  // digits
  ['2023', '2032'],
  ['25', '250'],
  ['1', 'l'],
  // Arabic and Urdu letters that are not variants of each other
  ['مدينة', 'مدين'],
  ['الموصل', 'موصل'],
  ['كتب', 'كتاب'],
  ['کے', 'کی'],
  ['ے', 'ي'],
  ['ں', 'ن'],
  ['ت', 'ة'],
  ['و', 'ؤا'],
  // Cyrillic letters that stay apart
  ['ы', 'у'],
  ['э', 'а'],
  ['ә', 'а'],
  ['ө', 'у'],
  ['қ', 'ғ'],
  ['ң', 'н'],
  ['ш', 'щ'],
  ['я', 'а'],
  ['ю', 'у'],
];

describe('searchKey — words that must not meet', () => {
  it.each(MUST_DIFFER)('%s ≠ %s', (a, b) => {
    expect(searchKey(a)).not.toBe(searchKey(b));
  });
});

/**
 * Known limits (README.md): spellings of the same name that the skeleton does not bring together,
 * because the rule that would costs more false matches than it is worth or contradicts another rule.
 */
const KNOWN_NOT_MEETING: [string, string, string][] = [
  ['Nərimanov', 'Нариманов', 'ə written a in Russian; ə meets e'],
  ['Lənkəran', 'Lankaran', 'ə written a in English; ə meets e'],
  ['Centar Župa', 'Центар Жупа', 'ž meets z (plain typing); ж meets j (Turkic Latin)'],
  ['Chişinău', 'Kishinev', 'different names'],
  ['Ysyk-Köl', 'Issyk-Kul', 'ss is not collapsed; ө against u'],
  ['Almetyevsk', 'Альметьевск', 'ье written ye'],
  ['Yelabuga', 'Елабуга', 'е written ye'],
  ['quyosh', 'қуёш', 'Uzbek ё is yo, but ё meets е for Russian'],
  ['Qashqadaryo', 'Қашқадарё', 'Uzbek ё is yo'],
  ['Jaroslavl', 'Ярославль', 'j is ж, not й'],
  ['Zhanaozen', 'Жаңаөзен', 'ң meets ng and ñ, not n'],
  ['Govi-Altai', 'Говь-Алтай', 'Mongolian ь written i; ь is dropped'],
  ['Kásipker', 'Кәсіпкер', 'Kazakh 2018 á; ә meets ä and e'],
  ['Ceti-Öğüz', 'Жети-Өгүз', 'Turkish c for ж'],
  ['Ulaanbaatar', 'Улан-Батор', 'different spelling (Russian)'],
  ['Bulgaria', 'България', 'Bulgarian ъ is a vowel; ъ is dropped'],
  ['Akimdik', 'Äkimdik', 'ä meets ə/ә (e), not a'],
  ['Jañaözen', 'Janaozen', 'ñ meets ng, not n'],
];

describe('searchKey — documented limits (README.md)', () => {
  it.each(KNOWN_NOT_MEETING)('%s ≠ %s (%s)', (a, b) => {
    expect(searchKey(a)).not.toBe(searchKey(b));
  });
});

// ------------------------------------------------------------------------------------------------

/** Whether every query word is a word of the text (the last query word may be a prefix). */
function finds(query: string, text: string, prefixLast = false): boolean {
  const words = searchTokens(text);
  const q = searchQueryTokens(query);
  return q.every((t, i) =>
    prefixLast && i === q.length - 1 ? words.some((w) => w.startsWith(t)) : words.includes(t),
  );
}

describe('queries meet the demo threads across scripts', () => {
  const kazakh = 'Алматы сейсмикалық қауіпті аймақта орналасқан. Мектептерді күшейту тәжірибеңізбен бөлісе аласыз ба?';
  it.each([
    ['Almatı', kazakh, false],
    ['Almaty', kazakh, false],
    ['ALMATY seysmik', kazakh, true],
    ['Almatı mektepterdi', kazakh, false],
    ['Kazan', 'Казань', false],
    ['Baku', 'Nərimanov bələdiyyəsi (Bakı)', false],
    ['BAKI', 'Баку — столица Азербайджана', false],
    ['Toshkent', 'Тошкент шаҳар ҳокимлиги', false],
    ['İzmit', 'при поддержке TDBB и города-побратима Измит.', false],
    ['Kiptas', 'Муниципальные жилищные компании (модель KİPTAŞ)', false],
    ['schetchiki', 'Снижение потерь воды ниже 25%: зонирование сети и умные счётчики', false],
    ['счетчики', 'Снижение потерь воды ниже 25%: зонирование сети и умные счётчики', false],
    ['Oş', 'Потери воды в Оше превышают 40%.', true],
    ['Bishkek', 'В Бишкеке электронная оплата проезда уже работает', true],
    ['Qoqon', 'Qoʻqon shahri', false],
    ['Ceadir-Lunga', 'Ceadîr-Lunga', false],
    ['Chadyr', 'Реставрация Дома культуры в Чадыр-Лунге', false],
    ['isu', "İSU'da DMA bölgeleri ve SCADA ile kayıp-kaçak oranını", true],
    ['kayip kacak', "İSU'da DMA bölgeleri ve SCADA ile kayıp-kaçak oranını", false],
    ['Ulaanbaatar', 'Улаанбаатар хотын Чингэлтэй дүүрэг', false],
    ['Chingeltei duureg', 'Чингэлтэй дүүрэг', false],
    ['الخليل', 'نواجه في الخَلِيل نسبة فاقد مياه مرتفعة', false],
    ['لاہور', 'لاهور ميں ہم نے', false],
    ['Turkistan', 'Түркістан қаласы', false],
    ['Kyzylorda oblysy', 'Қызылорда облысы', false],
    ['Bugulma', 'Бугульма', false],
    ['Şəki', 'Şəki bələdiyyəsi', false],
    ['Seki belediyesi', 'Şəki bələdiyyəsi', false],
    ['Goražde', 'Grad Gorazde', false],
    ['Novi Pazar', 'Град Нови Пазар', false],
  ] as const)('%j finds %j', (q, text, prefix) => {
    expect(finds(q, text, prefix)).toBe(true);
  });

  it.each([
    ['Kocaeli', 'Konya Büyükşehir Belediyesi'],
    ['Bakır', 'Nərimanov bələdiyyəsi (Bakı)'],
    ['Almata', 'Алматы қаласының әкімдігі'],
    ['hız', 'kız okulu'],
  ])('%j does not find %j', (q, text) => {
    expect(finds(q, text)).toBe(false);
  });
});

describe('searchTokens, searchQueryTokens, searchTokenSpans', () => {
  it('splits into words of any script', () => {
    expect(searchTokens('Bakı və Баку, مدينة 2024!')).toEqual(['baki', 've', 'baki', 'مدينه', '2024']);
    expect(searchTokens('')).toEqual([]);
    expect(searchTokens(' — ')).toEqual([]);
  });

  it('keeps apostrophes inside a word (Uzbek) and drops them elsewhere', () => {
    expect(searchTokens("Oʻzbekiston 'Bakı' Qo'qon")).toEqual(['ozbekiston', 'baki', 'kokon']);
  });

  it('gives each query word once, in order', () => {
    expect(searchQueryTokens('Almaty ALMATI Алматы  Bishkek')).toEqual(['almati', 'biskek']);
    expect(searchQueryTokens('   ')).toEqual([]);
  });

  it('tells where each word stands in the original text', () => {
    const text = 'İçərişəhər və Баку: مَدِينَة';
    const spans = searchTokenSpans(text);
    expect(spans.map((s) => [s.token, text.slice(s.start, s.end)])).toEqual([
      ['iceriseher', 'İçərişəhər'],
      ['ve', 'və'],
      ['baki', 'Баку'],
      ['مدينه', 'مَدِينَة'],
    ]);
  });

  it('gives the same words as searchTokens on the reference texts', () => {
    for (const t of [...REGION_NAMES, ...DEMO_TEXTS]) {
      expect(searchTokenSpans(t).map((s) => s.token)).toEqual(searchTokens(t));
    }
  });

  it('keeps an apostrophe-joined word as one span', () => {
    const text = "Qoʻqon shahri, O'zbekiston";
    expect(searchTokenSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['Qoʻqon', 'shahri', "O'zbekiston"]);
  });
});

describe('createSearchFolder', () => {
  it('is the default with no options', () => {
    const f = createSearchFolder();
    for (const t of DEMO_TEXTS) expect(f.key(t)).toBe(searchKey(t));
  });

  it('can switch steps off for measurement', () => {
    expect(createSearchFolder({ yToI: false }).key('Almaty')).toBe('almaty');
    expect(createSearchFolder({ exonyms: false }).key('Baku')).toBe('baku');
    expect(createSearchFolder({ hToK: true }).key('hal')).toBe(createSearchFolder({ hToK: true }).key('kal'));
    expect(createSearchFolder({ collapseDoubles: 'all' }).key('Hakkari')).toBe('hakari');
    expect(createSearchFolder({ zCaron: 'j' }).key('Župa')).toBe(searchKey('Жупа'));
  });
});

describe('collisions added over fold() (README.md)', () => {
  // These figures are quoted in README.md; update both together.
  it.each([
    ['names and demo texts', () => distinctWords([...REGION_NAMES, ...DEMO_TEXTS]), 814, 74, 160],
    ['Turkish list', () => distinctWords(TURKISH_WORDS), 392, 1, 2],
    ['Russian list', () => distinctWords(RUSSIAN_WORDS), 321, 9, 19],
  ] as const)('%s', (_, words, total, groups, colliding) => {
    const r = measureCollisions(words(), searchKey);
    expect([r.words, r.groups.length, r.newlyColliding]).toEqual([total, groups, colliding]);
  });
});
