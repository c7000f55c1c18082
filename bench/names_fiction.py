"""Fictional Kazakh and Russian people with planted duplicates, for the names benchmarks.

People are made in Kazakh Cyrillic (Kazakh names) or Russian Cyrillic (Russian names); their
records are written the way lists and court papers write them: Russian Cyrillic (Kazakh
letters replaced by Russian ones), Kazakh Cyrillic, passport Latin, BGN/PCGN, the Kazakh Latin
alphabet of 2021, or informal Latin; surname first or last, with or without a patronymic.
A planted duplicate is another record of the same person, written another way, sometimes with
a typo, a short form or the Russian surname ending dropped.

Everything is fictional and seeded: the same seed gives the same people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from docket.names.transliteration import transliterate


def _words(text: str) -> list[str]:
    return text.split()


KZ_MALE = _words(
    """
Айдар Айдос Арман Асқар Асылбек Азамат Бауыржан Берік Болат Данияр Дархан Дәулет Ерлан
Ермек Ержан Ғалым Қайрат Қанат Марат Мұрат Нұрлан Нұрбол Нұржан Олжас Рүстем Санжар
Серік Талғат Тимур Ербол Жандос Жәнібек Абылай Дәурен Мұхтар Алмас Арсен Бейбіт Диас
Нұрбек Сұлтан Темірлан Еркебұлан Жасұлан Есен Ақжол Бекзат Думан Ерасыл Қуаныш Мейрам
Нұрсұлтан Рахат Самат Тоқтар Шыңғыс Ілияс Әділет Әлібек Өмірзақ Бақытжан Ғани Қасым
Нұрлыбек Сәкен Таңат Ұлан Ғабит Мақсат Жомарт Қалдыбек Әсет Бағдат Ернар Әділбек Мирас
Алтынбек
"""
)
KZ_FEMALE = _words(
    """
Айгерім Айжан Әлия Әсел Әсем Ботагөз Дана Динара Гүлнара Гүлмира Гүлжан Жанар Жұлдыз
Камила Мадина Меруерт Салтанат Сәуле Тоғжан Айнұр Аружан Ақмарал Айдана Дариға Лаура
Мөлдір Назира Раушан Сымбат Томирис Ұлжан Зарина Құралай Гаухар Жанна Қарлығаш Ләззат
Маржан Нұргүл Перизат Сабина Толқын Шынар Индира Балжан Гүлзипа Данагүл Ақбота Аяулым
Ботакөз Жібек Іңкәр Кәмшат Күләш Әсия Нұрай Сандуғаш Ұлпан Әйгерім Фариза Хадиша
"""
)
KZ_STEMS = _words(
    """
Әбен Ахмет Әлібек Аман Баймұхан Бек Жақсыбек Ермек Ысқақ Қали Қасым Кенжебек Мұқан
Нұрмағамбет Омар Оспан Сәрсенбай Сейітқали Сүлеймен Төлеген Өтеген Жұмабай Әбдірахман
Байтұрсын Досмұхамед Исмаил Қуаныш Мамыр Нұрпейіс Рахым Садық Тоқтар Шаймерден Есен
Жақып Әбіш Ағадил Қайырбек Мендығазы Жексебай Клыш Бегімбет Рахымжан Баймағамбет Жаусер
Әмір Елшібай Есхожа Жаубатыр Кенжебай Әбдіқадыр Бекмұхамбет Төлеу Құрманбай Тұрсынбай
Серікбай Иманғали Қожахмет Шәріп Мұсабек Ділдәбек Сапар Ыбырай Байжан Бөкей Дүйсен
Жанұзақ Қаржау Мырзахмет Нұрғали Сағынтай Тәжібай Оразалы Үсен Шалабай Ерғали Жолдас
Қалиақпар Мәжит Нұрмұхан Сейфолла Тілеубай Өмірбек Бәкір Жүсіп Мұхамеджан Құдайберген
Сарсен Әйтен Байғали Бекет Дауылбай Жандарбек Қонысбай Марал Нұрекен Оңғар Әуезхан
Сыздық Тұяқбай Қыдырбек Мусин Әлжан Ахметжан Байбол Бейсен Ғабдулла Дүйсенбай Ерден
Жұмағали Қадыр Қуандық Мақаш
"""
)
RU_MALE = _words(
    """
Александр Алексей Андрей Антон Артём Борис Дмитрий Евгений Игорь Илья Иван Кирилл
Константин Максим Михаил Николай Олег Павел Роман Сергей Вадим Виктор Владимир Юрий
Валентин Вячеслав Геннадий Леонид Фёдор Станислав Григорий Анатолий Пётр Степан Тимофей
Денис Глеб Егор Василий Ярослав
"""
)
RU_FEMALE = _words(
    """
Анна Елена Ольга Наталья Татьяна Ирина Светлана Екатерина Мария Юлия Анастасия Галина
Людмила Надежда Валентина Оксана Лариса Вера Любовь Ксения Дарья Полина Алина Евгения
Александра Марина Виктория Алёна Софья Яна
"""
)
RU_SURNAMES = _words(
    """
Иванов Петров Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Волков
Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров
Михайлов Беляев Тарасов Белов Комаров Орлов Киселёв Макаров Андреев Ковалёв Ильин Гусев
Титов Кузьмин Кудрявцев Баранов Куликов Алексеев Степанов Яковлев Сорокин Сергеев
Романов Захаров Борисов Королёв Герасимов Пономарёв Григорьев Лазарев Медведев Ершов
Никитин Соболев Рябов Поляков Цветков Данилов Жуков Фролов Журавлёв Николаев Крылов
Максимов Сидоров Осипов Белоусов Федотов Дорофеев Егоров Матвеев Бобров Дмитриев Калинин
Анисимов Петухов Антонов Тимофеев Никифоров Веселов Филиппов Марков Большаков Суханов
Миронов Ширяев Александров Коновалов Шестаков Казаков Ефимов Денисов Громов Фомин
Давыдов Мельников Щербаков Блинов Колесников Карпов Афанасьев Власов Маслов Исаков
Тихонов Аксёнов Гаврилов Родионов Котов Горбунов Кудряшов Быков Зуев Третьяков Савельев
Панов Рыбаков Суворов Абрамов Воронов Мухин Архипов Трофимов Мартынов Емельянов Горшков
Чернов Овчинников Селезнёв Панфилов Копылов Михеев Галкин Назаров Лобанов Лукин Беляков
Потапов Некрасов Хохлов Жданов Наумов Шилов Воронцов Ермаков Дроздов Игнатьев Савин
Логинов Сафонов Капустин Кириллов Моисеев Елисеев Кошелев Костин Горбачёв Орехов Ефремов
Исаев Евдокимов Калашников Кабанов Носков Юдин Кулагин Лапин Прохоров Нестеров Харитонов
Агафонов Муравьёв Лаптев Снегирёв Гуров Зверев Богомолов Чуприна Ким Шевченко Коваленко
"""
)
# Roots and endings that Kazakh surnames (from ancestors' names) and Russian surnames are made of;
# combined, they make the population diverse enough that namesakes stay rare.
KZ_ROOTS = _words(
    """
Нұр Ер Бек Жан Сейіт Төле Мұқа Әбді Бай Сәрсен Құрман Тұрсын Есен Жұма Қали Дос Омар Ақ Ал
Бол Дәулет Ерке Жақсы Қара Мырза Сұлтан Тілеу Ұзақ Шал Ораз Сағын Ізбас Қожа Күзем Асыл Бақ
Дәулет Жол Қыдыр Мәлік Сапар Тоқ Үсен Айт Қуан
"""
)
KZ_ENDINGS = _words("бек бай ғали жан хан бол мұрат тай құл ғазы бергей жар ан")
RU_ROOTS = _words(
    """
Бел Черн Сер Крас Зелен Голуб Лис Медвед Сокол Ворон Кудр Лыс Рыж Бор Дуб Берёз Сосн Камен
Снег Гром Пол Лес Сад Мельник Кузнец Плотник Пекар Рыбак Охотник Пастух Скворц Синиц Журавл
Гусак Уткин Щук Окун Карас Лебед Ястреб Кречет Сом Ёрш Налим Тетер Рябин Калин Малин Вишн
Горох Репк Капуст Мед Сахар Соль Перц Хлеб Квас Пирог Блин
"""
)
RU_ENDINGS = ("ов", "ин", "ский", "енко", "ук")
# Kazakh given names are often compounds too (Нұр-лан, Ай-гүл).
KZ_MALE_ROOTS = _words("Нұр Ер Бек Асыл Жан Ақ Бақ Дос Ораз Сұлтан Серік Дәулет Қуан Мұрат Ал")
KZ_MALE_ENDINGS = _words("бек жан бол лан хан ғали тай ұлан болат нұр ас")
KZ_FEMALE_ROOTS = _words("Гүл Ай Ақ Нұр Жан Сая Бота Мөл Ал Ақ Құн Бал")
KZ_FEMALE_ENDINGS = _words("гүл жан ерке сұлу нұр дана ару бибі сая шаш")
SHORT_FORMS = {
    "Ботагөз": "Бота",
    "Александр": "Саша",
    "Дмитрий": "Дима",
    "Наталья": "Наташа",
    "Евгения": "Женя",
    "Михаил": "Миша",
    "Николай": "Коля",
    "Владимир": "Володя",
    "Екатерина": "Катя",
    "Татьяна": "Таня",
    "Гүлнара": "Гуля",
}
_RUSSIFY = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
_VOWELS = "аеёиоуыэюяәөұүі"


@dataclass(frozen=True, slots=True)
class Person:
    """One fictional person: names in their own Cyrillic."""

    id: str
    kazakh: bool
    female: bool
    given: str
    father: str
    surname_stem: str
    surname_form: str  # "ru" (-ov/-ova), "bare", "patronymic" (-uly/-kyzy)

    def surname(self, form: str | None = None) -> str:
        form = form or self.surname_form
        stem = self.surname_stem
        if not self.kazakh:
            return _russian_female(stem) if self.female else stem
        if form == "bare":
            return stem
        if form == "patronymic":
            return stem + ("қызы" if self.female else "ұлы")
        if stem.endswith("й"):
            base = stem[:-1] + "ев"
        elif stem[-1] in _VOWELS or stem[-1] in "жшчщц":
            base = stem + "ев"
        else:
            base = stem + "ов"
        return base + "а" if self.female else base

    def patronymic(self, kazakh_style: bool) -> str:
        if kazakh_style:
            return self.father + ("қызы" if self.female else "ұлы")
        father = self.father.translate(_RUSSIFY)
        if father.endswith("й"):
            father = father[:-1]
        elif father[-1] not in _VOWELS:
            return father + ("овна" if self.female else "ович")
        return father + ("евна" if self.female else "евич")


def _russian_female(surname: str) -> str:
    for male, female in (("ский", "ская"), ("ов", "ова"), ("ёв", "ёва"), ("ев", "ева")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    if surname.endswith("ин") and surname not in ("Ким",):
        return surname + "а"
    return surname


@cache
def _kazakh_given(female: bool) -> list[str]:
    if female:
        roots, endings, names = KZ_FEMALE_ROOTS, KZ_FEMALE_ENDINGS, KZ_FEMALE
    else:
        roots, endings, names = KZ_MALE_ROOTS, KZ_MALE_ENDINGS, KZ_MALE
    compounds = [r + e for r in dict.fromkeys(roots) for e in endings if r.lower() != e]
    return list(dict.fromkeys(names + compounds))


@cache
def _kazakh_stems() -> list[str]:
    return KZ_STEMS + [r + e.lower() for r in dict.fromkeys(KZ_ROOTS) for e in KZ_ENDINGS]


@cache
def _russian_surnames() -> list[str]:
    return RU_SURNAMES + [r + e for r in RU_ROOTS for e in RU_ENDINGS]


def make_people(count: int, rng: random.Random) -> list[Person]:
    people = []
    for n in range(count):
        kazakh = rng.random() < 0.7
        female = rng.random() < 0.45
        if kazakh:
            given = rng.choice(_kazakh_given(female))
            father = rng.choice(_kazakh_given(female=False))
            stem = rng.choice(_kazakh_stems())
            form = rng.choices(["ru", "bare", "patronymic"], weights=[70, 15, 15])[0]
        else:
            given = rng.choice(RU_FEMALE if female else RU_MALE)
            father = rng.choice(RU_MALE)
            stem = rng.choice(_russian_surnames())
            form = "ru"
        people.append(Person(f"p{n}", kazakh, female, given, father, stem, form))
    return people


def write_name(person: Person, rng: random.Random, *, variant: bool = False) -> str:
    """One record of a person's name, in a randomly chosen script, order and form."""
    given = person.given
    surname = person.surname()
    if variant:
        if person.kazakh and rng.random() < 0.15:
            surname = person.surname("ru" if person.surname_form != "ru" else "bare")
        if given in SHORT_FORMS and rng.random() < 0.5:
            given = SHORT_FORMS[given]
    parts = [given, surname]
    patronymic = None
    if rng.random() < 0.3:
        patronymic = person.patronymic(kazakh_style=person.kazakh and rng.random() < 0.4)
    script = rng.choices(
        ["kk", "ru", "icao", "bgn", "kz2021", "informal"], weights=[20, 30, 25, 10, 5, 10]
    )[0]
    if not person.kazakh and script == "kk":
        script = "ru"
    if rng.random() < 0.35:
        parts = [surname, given] + ([patronymic] if patronymic else [])
    else:
        parts = [given] + ([patronymic] if patronymic else []) + [surname]
    text = " ".join(parts)
    if script != "kk":
        text = text.translate(_RUSSIFY) if script in ("ru", "icao") else text
        if script in ("icao", "bgn", "kz2021", "informal"):
            text = transliterate(text, "icao" if script == "informal" else script)
        if script == "informal":
            text = _informal(text, rng)
    if variant and rng.random() < 0.25:
        text = _typo(text, rng)
    if script in ("icao", "bgn") and rng.random() < 0.2:
        words = text.split()
        text = " ".join([words[0].upper()] + words[1:])
    return text


_INFORMAL = [
    ("kh", "h"), ("zh", "j"), ("y", "i"), ("ia", "ya"), ("iu", "yu"), ("ss", "s"), ("s", "ss"),
    ("ai", "ay"), ("q", "k"), ("E", "Ye"), ("ts", "c"), ("i", "y"),
]  # fmt: skip


def _informal(text: str, rng: random.Random) -> str:
    for old, new in rng.sample(_INFORMAL, 3):
        if old in text:
            text = text.replace(old, new, 1)
    return text


def _typo(text: str, rng: random.Random) -> str:
    """Drop or swap a letter inside the longest word."""
    words = text.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    word = words[i]
    if len(word) < 7:
        return text
    pos = rng.randrange(2, len(word) - 2)
    if rng.random() < 0.5:
        word = word[:pos] + word[pos + 1 :]
    else:
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    words[i] = word
    return " ".join(words)


def make_records(
    total: int, duplicate_share: float, seed: int
) -> tuple[list[tuple[str, str]], set[tuple[str, str]], dict[str, Person]]:
    """`total` records (record id, name); the planted pairs of record ids; record -> person."""
    rng = random.Random(seed)
    duplicates = int(total * duplicate_share)
    people = make_people(total - duplicates, rng)
    records: list[tuple[str, str]] = []
    owner: dict[str, Person] = {}
    first_record: dict[str, str] = {}
    for person in people:
        rid = f"r{len(records)}"
        records.append((rid, write_name(person, rng)))
        owner[rid] = person
        first_record[person.id] = rid
    planted: set[tuple[str, str]] = set()
    names = dict(records)
    for person in rng.sample(people, duplicates):
        original = first_record[person.id]
        name = write_name(person, rng, variant=True)
        for _ in range(5):  # a duplicate is spelled differently from its original
            if name != names[original]:
                break
            name = write_name(person, rng, variant=True)
        rid = f"r{len(records)}"
        records.append((rid, name))
        owner[rid] = person
        planted.add((original, rid))
    return records, planted, owner
