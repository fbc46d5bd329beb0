"""Given names the programme's clients and staff commonly carry, in lower case, as they are written in Russian
Cyrillic, in Kazakh letters, and in Latin letters (Uzbekistan's alphabet, passports' and phones' spellings):
Russian, Ukrainian, Kazakh, Uzbek, Tajik, Kyrgyz, Azerbaijani, Armenian and Georgian names, and the Muslim names
shared across the region. A list, not a rule: a surname beside one of them is a person's name amid other words
(``person_names.name_in``), where a surname beside any capitalised word is not ("Kirov Street"). A name missing
here is still found in the forms that need no list (with a patronymic, initials, or as a value's whole).
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_RUSSIAN = _words("""
    александр алексей анатолий андрей антон аркадий арсений артём артем артур богдан борис вадим валентин
    валерий василий виктор виталий владимир владислав всеволод вячеслав геннадий георгий глеб григорий даниил
    данила денис дмитрий евгений егор ефим захар иван игорь илья кирилл константин леонид максим матвей михаил
    никита николай олег павел пётр петр родион руслан святослав семён семен сергей станислав степан тарас
    тимофей фёдор федор филипп эдуард юрий яков ярослав
    александра алина алла алёна алена анастасия ангелина анна антонина валентина валерия варвара вероника
    виктория галина дарья диана евгения екатерина елена елизавета жанна зинаида зоя инна ирина карина
    кристина ксения лариса лидия людмила маргарита марина мария наталья наталия нина оксана олеся ольга
    полина раиса светлана снежана софия софья таисия тамара татьяна ульяна эльвира юлия яна
""")
_CENTRAL_ASIAN = _words("""
    абай абдулла абдулло адилет азамат азиз айбек айдар айдос акбар акмал алибек алижан алишер алмат анвар
    арсен аскар асқар асылбек ахмад ахмед ахмет бауыржан бахтиёр бахтияр бахром баходир бекзат бекзод бобур
    ботир бехруз габит далер даврон дамир данияр дастан джамшед джамшид дильшод дилшод достон ербол ерболат
    ержан ерик ерлан жандос жанибек жасулан жасур жахонгир журабек зафар ибрагим ильяс ильхом илхом исмаил
    исмоил кайрат қайрат канат қанат комрон куаныш қуаныш магомед мансур манучехр марат мейрам мирлан
    мухаммад мухаммед мухтар нодир нурбек нурбол нуржан нурлан нурсултан олжас отабек парвиз рахим рахмон
    равшан рашид рустам самат санжар сардор сарвар серик серік сиёвуш сухроб талгат тахир темирлан тимур
    тохир улугбек умар фаррух фарход фирдавс фируз хасан хуршед хуршид хусан хусейн шавкат шерзод шохрух
    шахром шухрат эльдар эльчин элёр эрлан эрмек юсуф армен арам гиви
    аида айгерим айгуль айжан айзада айман айнур айпери айсулуу айша акмарал алия амина аружан асель әсел
    бегимай бермет ботагоз газиза гаухар гулбахор гульмира гульнара гулнара гулнора гулноза гульшат гульзат
    гулзат гулчехра дильназ дилноза дилдора дилором дилфуза динара жазира жанар жансая жылдыз жулдыз замира
    зарина зебо зейнаб зулфия камила камола мадина малика манижа маржан марьям мафтуна мехрангиз мохира
    мунира мээрим назгуль назерке назира нигина нилуфар нодира нозима нургуль парвина сабина сабрина саида
    салтанат сауле сәуле севара тахмина томирис умида фарангис фатима феруза фотима хадича хадижа хилола
    чолпон шабнам шахло шахноза шахзода юлдуз
""")
_LATIN = _words("""
    aleksandr alexander alexandr aleksei alexey andrei andrey anton artem artyom artur boris denis dmitri
    dmitriy dmitry evgeny evgeniy yevgeny igor ivan kirill konstantin maksim maxim mikhail nikita nikolai
    nikolay oleg pavel roman ruslan sergei sergey stanislav timofey vadim valery valeriy viktor vitaly vitaliy
    vladimir vladislav vyacheslav yuri yuriy
    alena alina anastasia anastasiya anna daria darya ekaterina yekaterina elena yelena evgenia galina irina
    karina kristina ksenia lyudmila margarita marina maria mariya natalia natalya nina oksana olga polina
    svetlana tatiana tatyana valentina viktoria victoria yulia yuliya
    abai abdulla abdullo adilet akbar akmal alibek alisher almat anvar askar asylbek azamat aziz aybek aibek
    aidar aydar aidos akhmad akhmed ahmad ahmed bakhtiyor baxtiyor bahtiyor bakhrom bahrom bakhodir bahodir
    baurzhan bauyrzhan bekzod bekzat behruz bobur botir dalerjon daler davron damir daniyar dastan dilshod
    doston erbol erlan yerlan erzhan yerzhan farrukh farkhod farhod firdavs feruz firuz ilkhom ilhom ilyas
    ismoil ismail jamshid jamshed jakhongir jahongir jasur kairat kayrat kanat komron kuanysh mansur marat
    mirlan mukhammad muhammad mukhtar nodir nurbek nurlan nursultan olzhas otabek parviz rakhim rahim rakhmon
    rahmon ravshan rashid rustam sanjar sanzhar sardor sarvar shavkat sherzod shokhrukh shohruh shohrukh
    shukhrat shuhrat sukhrob suhrob talgat temirlan timur tokhir tohir ulugbek umar yusuf zafar khurshid
    hurshid khusan husan khasan hasan elchin eldar armen aram giorgi
    aida aigerim aygerim aigul aygul aizhan ayzhan aizada aiperi aisuluu aruzhan asel begimai bermet
    botagoz dilnoza dildora dilorom dilfuza dinara gaukhar gulnara gulnora gulnoza gulmira gulchehra
    gulzat kamila kamola madina malika manizha marzhan mokhira mohira munira nargiza nigina nilufar nodira
    nozima nurgul parvina sabina saida saltanat saule sevara shakhlo shahlo shakhnoza shahnoza takhmina
    tahmina tomiris umida zarina zebo zulfiya fatima feruza fotima khadicha hadicha khilola hilola yulduz
    zhuldyz jyldyz chulpan cholpon meerim nazgul zhanar zhazira
""")
# Given names that are words as well ("вера" faith, "роман" a novel, "канат" a rope, "серік" a partner, "давлат"
# the state, "умид" hope): a surname's ending beside one is a name only where both are written as names
# (capitalised or in capitals), never in lower case ("нет анализов, роза ветров" is two words)
AS_WORDS: frozenset[str] = _words("""
    вера надежда любовь роза лилия слава лев марк роман ислам нур лола дана арман жибек алмаз алмас бахыт
    бакыт бақыт айым жулдыз юлдуз маржан сауле сәуле уран улан давлат зафар умед умид мирзо мира ева дина алла
    азамат серик серік канат қанат абай дастан адилет куаныш қуаныш мейрам зебо
    vera nadezhda lyubov roza rosa liliya lilia slava lev mark roman islam nur lola dana arman almaz bakhyt
    davlat zafar umid mira eva dina alla
""")
GIVEN_NAMES: frozenset[str] = _RUSSIAN | _CENTRAL_ASIAN | _LATIN | AS_WORDS

# Female names ending in a consonant, which Russian does not decline ("у Айгерим", "с Асель")
_UNDECLINED = _words("""
    айгерим айгуль айжан айман айнур асель әсел бегимай бермет ботагоз гаухар гулбахор гульзат гулзат гульшат
    дильназ дилором жанар жылдыз мехрангиз мээрим назгуль нилуфар нургуль салтанат томирис фарангис чолпон
    шабнам зейнаб марьям аружан акмарал юлдуз
""")
_FLEETING = {"павел": "павл", "пётр": "петр", "петр": "петр"}  # a vowel dropped when declined ("Павла")
_HUSHING = tuple("жшчщц")  # the instrumental's "-ей"/"-ем" after them ("Сашей" but "Анной")
_AFTER_HUSHING = tuple("гкхжшчщ")  # "Никиты" but "Ольги", "Маши"


def declined(name: str) -> tuple[str, frozenset[str]]:
    """A Cyrillic given name's stem and its forms in Russian's other cases (genitive, dative, accusative,
    instrumental, prepositional: "Сергей" -> "Сергея", "Сергею", "Сергеем", "Сергее"), in lower case; a Latin,
    undeclined or word-like name (``AS_WORDS``) is its own stem, without other forms. Each form is the stem and
    at most three letters."""
    if not re.fullmatch("[а-яё]+", name) or name in _UNDECLINED or name in AS_WORDS:
        return name, frozenset()
    if name in _FLEETING:
        stem, ends = _FLEETING[name], ("а", "у", "ом", "е")
    elif name.endswith("ий"):  # "Юрий": "Юрия", "Юрию", "Юрием", "Юрии"
        stem, ends = name[:-1], ("я", "ю", "ем", "и")
    elif name.endswith(("й", "ь")):  # "Сергей", "Николай", "Игорь"
        stem, ends = name[:-1], ("я", "ю", "ем", "е")
    elif name.endswith("ия"):  # "Мария": "Марии", "Марию", "Марией"
        stem, ends = name[:-1], ("и", "ю", "ей")
    elif name.endswith("я"):  # "Наталья", "Илья"
        stem, ends = name[:-1], ("и", "е", "ю", "ей")
    elif name.endswith("а"):  # "Анна", "Никита", "Ольга"
        stem = name[:-1]
        ends = ("и" if stem.endswith(_AFTER_HUSHING) else "ы", "е", "у", "ей" if stem.endswith(_HUSHING) else "ой")
    elif name[-1] in "еёиоуыэю":  # "Абдулло", "Сауле", "Айпери": not declined
        return name, frozenset()
    else:  # "Иван", "Рустам"
        stem, ends = name, ("а", "у", "ем" if name.endswith(_HUSHING) else "ом", "е")
    return stem, frozenset(stem + e for e in ends)


# the names' forms in the other cases, where they are not a name's own form ("Александра"), and the stems
# every name and form begins with (the hint that narrows a column in RE2: a stem and at most three letters;
# "Павел" and "Пётр" do not begin with "Павл", "Петр")
OBLIQUE: frozenset[str] = frozenset(f for n in GIVEN_NAMES for f in declined(n)[1]) - GIVEN_NAMES
STEMS: frozenset[str] = frozenset(declined(n)[0] for n in GIVEN_NAMES) | frozenset(_FLEETING)

# The region's Cyrillic letters as Russian spells the same names ("Нұрлан" Нурлан, "Әсел" Асел, Tajik "Ҷамшед"
# Джамшед, "Шуҳрат" Шухрат, Uzbek "Ўткир" Уткир): a name is looked up so written, in either spelling
FOLD = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
                      "ў": "у", "ҳ": "х", "ӣ": "и", "ӯ": "у", "ҷ": "дж"})
_NAMES_FOLDED = frozenset(n.translate(FOLD) for n in GIVEN_NAMES - AS_WORDS)
_WORDS_FOLDED = frozenset(n.translate(FOLD) for n in AS_WORDS)
_OBLIQUE_FOLDED = frozenset(f.translate(FOLD) for f in OBLIQUE) - _NAMES_FOLDED - _WORDS_FOLDED


def kind_of(word: str) -> str | None:
    """What ``word`` (in any case, in the region's Cyrillic letters or Russian's) is to the list: "name", a
    given name; "word", a given name that is a word as well (``AS_WORDS``); "declined", a name in another of
    Russian's cases (``OBLIQUE``); else None."""
    folded = word.lower().translate(FOLD)
    if folded in _NAMES_FOLDED:
        return "name"
    if folded in _WORDS_FOLDED:
        return "word"
    return "declined" if folded in _OBLIQUE_FOLDED else None
