-- The screening export contract, row by row: macros, and the temp view screening_file_checked that
-- judges one file's rows (the relation file_rows, text cells as read: pipelines/lib/ingest.py) by
-- every rule that needs no other row. Each file's verdicts are appended to the temp table
-- screening_checked (sql/staging/screening_file.sql); sql/staging/screening.sql then judges
-- duplicates across files. Parameters: $as_of (run date: no test may be later), $earliest, $timezone (the
-- programme's, MH_TIMEZONE: a date-time with an offset is dated in it).
CREATE SCHEMA IF NOT EXISTS staging;
-- ;;
CREATE SCHEMA IF NOT EXISTS audit;
-- ;;
-- The run's dates, for the view below (a view cannot take parameters).
CREATE OR REPLACE TEMP TABLE screening_run AS
SELECT $as_of::DATE AS as_of, $earliest::DATE AS earliest, $timezone::VARCHAR AS timezone;
-- ;;
-- Unicode's invisible format characters (category Cf: a zero-width space, a soft hyphen, a direction mark,
-- a stray byte-order mark), as pipelines/lib/typed_text.py's FORMAT_CHARS (tested alike), in RE2.
CREATE OR REPLACE MACRO mh_format_chars() AS '[\x{AD}\x{600}-\x{605}\x{61C}\x{6DD}\x{70F}\x{890}-\x{891}\x{8E2}\x{180E}\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2064}\x{2066}-\x{206F}\x{FEFF}\x{FFF9}-\x{FFFB}\x{110BD}\x{110CD}\x{13430}-\x{13438}\x{1BCA0}-\x{1BCA3}\x{1D173}-\x{1D17A}\x{E0001}\x{E0020}-\x{E007F}]';
-- ;;
-- Spaces of every kind (typed_text.py's SPACE_CHARS, and the space) and dashes (its DASH_CHARS), as the insides
-- of RE2 classes, tested alike: RE2's \s is ASCII's alone. The patterns built of them are constants.
CREATE OR REPLACE MACRO mh_space_chars() AS
    ' \x{9}-\x{D}\x{1C}-\x{1F}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}';
-- ;;
CREATE OR REPLACE MACRO mh_dash_chars() AS '\x{2010}-\x{2015}\x{2212}\x{FE58}\x{FE63}\x{FF0D}';
-- ;;
-- The spaces Excel and labs group a number's thousands with, and put before its unit: the space, the no-break
-- space (Excel in a Russian locale), the narrow no-break space.
CREATE OR REPLACE MACRO mh_group_spaces() AS '[ \x{A0}\x{202F}]';
-- ;;
-- What may separate the words of a code or the parts of a UIC: a run of spaces, dashes, hyphens, underscores.
CREATE OR REPLACE MACRO mh_word_breaks() AS '[' || mh_space_chars() || mh_dash_chars() || '_-]+';
-- ;;
-- A value as a reason quotes it: cut at 60 characters, its invisible format characters shown, so that
-- "sex: 'male⟨invisible⟩' is not one of male, ..." says what the officer must delete.
CREATE OR REPLACE MACRO mh_quote(v) AS
    '''' || regexp_replace(left(v, 60), mh_format_chars(), '⟨invisible⟩', 'g')
    || CASE WHEN length(v) > 60 THEN '…' ELSE '' END || '''';
-- ;;
-- A value without its invisible format characters: "ALA-01" with a zero-width space copied into it would be a
-- site of its own in every figure, an id with one a record of its own, a date or an age with one a row held
-- back. Only a value with a character beyond ASCII is searched (bytes = characters: nearly every cell).
CREATE OR REPLACE MACRO mh_visible(v) AS
    CASE WHEN strlen(v) = length(v) THEN v ELSE regexp_replace(v, mh_format_chars(), '', 'g') END;
-- ;;
-- A date with a time of day gives its date, as a date-time cell of a workbook or a Parquet timestamp does:
-- Excel writes a cell formatted as date and time "01.03.2025 0:00", a timestamp as text is "2025-03-01
-- 00:00:00" or "2025-03-01T14:30" (until 2026-12-06 held back as not a date). The time must be one (00:00 to
-- 23:59:59); the date is read as without it. A date-time with its offset from UTC ("2026-03-31T23:30:00.000+03:00",
-- "2026-03-31T21:30:00Z": ODK and KoboToolbox export date-time questions so) is an instant, dated in the
-- programme's zone as a Parquet timestamp with a zone is (pipelines/lib/cells.py): 21:30 UTC on 31 March is
-- 1 April in Almaty. Until 2026-12-07 such rows were held back as not a date. The year first with dots or
-- slashes, or a one-digit month or day ("2025.07.01", "2025/7/1", "2025-7-1": other locales' and tools' short
-- dates; no order but year, month, day writes the year first), and a date as Russian documents write it, with
-- "г." for the year ("01.07.2025 г."), are that date (until 2026-12-07 held back). Orders that differ by
-- locale ("01/07/2025": the 1st of July or the 7th of January?) stay held. A two-digit year after the day and
-- month with dots ("01.07.25", as Excel saves a cell formatted "ДД.ММ.ГГ" to CSV; with a time of day or "г."
-- too) is of this century: the contract's dates are from 2015 on (test_date from $earliest, linkage and
-- treatment after it), so "01.07.98" is 2098, in the future (until 2026-12-07 (forty-third session) held back).
-- The months as a Russian date writes them in words ("1 марта 2025 г.": a register typed in Word).
CREATE OR REPLACE MACRO mh_russian_months() AS ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля',
    'августа', 'сентября', 'октября', 'ноября', 'декабря'];
-- ;;
-- The months in Kazakh, and as a Kazakh-locale medium date shortens them ("нау."): each by its first three letters
CREATE OR REPLACE MACRO mh_kazakh_months() AS ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде',
    'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];
-- ;;
CREATE OR REPLACE MACRO mh_kazakh_month() AS
    '(' || array_to_string(mh_kazakh_months(), '|') || '|'
        || array_to_string(list_transform(mh_kazakh_months(), lambda m: left(m, 3) || '\.'), '|') || ')';
-- ;;
-- a date in Kazakh words as typed ("1 наурыз 2025 ж."), lower-case, a Latin "i" read as the Kazakh "і" (typed
-- so where a keyboard lacks it: "шiлде"), or NULL
CREATE OR REPLACE MACRO mh_kazakh_words(v) AS CASE WHEN regexp_matches(v, '[А-Яа-яӘәІіҢңҒғҮүҰұҚқӨөҺһ]')
    THEN replace(lower(v), 'i', 'і') END;
-- ;;
-- the date such words give: the day, the month's place by its first three letters, the year
CREATE OR REPLACE MACRO mh_kazakh_date(day, month_word, year) AS
    try_strptime(day || '.' || list_position(list_transform(mh_kazakh_months(), lambda m: left(m, 3)),
                                             left(month_word, 3)) || '.' || year, '%d.%m.%Y')::DATE;
-- ;;
-- ``d``, where ``weekday`` (as a date writes it before the day: "Saturday", "Sat"; '' without one) is its own
CREATE OR REPLACE MACRO mh_weekday_agreeing(weekday, d) AS
    CASE WHEN weekday = '' OR starts_with(lower(dayname(d)), lower(weekday)) THEN d END;
-- ;;
CREATE OR REPLACE MACRO mh_date(v) AS CASE
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(v AS DATE)  -- faster than strptime
    WHEN regexp_full_match(v, '[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}') THEN try_strptime(v, '%d.%m.%Y')::DATE
    WHEN regexp_full_match(v, '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?')
        THEN TRY_CAST(left(v, 10) AS DATE)
    WHEN regexp_full_match(v, '[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4} ([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?')
        THEN try_strptime(split_part(v, ' ', 1), '%d.%m.%Y')::DATE
    WHEN regexp_full_match(v,
            '[0-9]{4}-[0-9]{2}-[0-9]{2}[ T]([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])?)')
        THEN timezone((SELECT timezone FROM screening_run), TRY_CAST(v AS TIMESTAMPTZ))::DATE
    WHEN regexp_full_match(v, '[0-9]{4}(-[0-9]{1,2}-|\.[0-9]{1,2}\.|/[0-9]{1,2}/)[0-9]{1,2}')
        THEN try_strptime(regexp_replace(v, '[./]', '-', 'g'), '%Y-%m-%d')::DATE
    WHEN regexp_full_match(v, '[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}[' || mh_space_chars() || ']?г\.?')
        THEN try_strptime(regexp_extract(v, '^[0-9.]+'), '%d.%m.%Y')::DATE
    -- ISO 8601's basic form, as databases and statistics packages export a date ("20250301", an integer in a
    -- Parquet file): from a year 20xx it reads no other way, as the day-first reading of a year from 2013
    -- would have a month of 13 or more (until 2026-12-07 (forty-third session) held back)
    WHEN regexp_full_match(v, '20[0-9]{6}') THEN try_strptime(v, '%Y%m%d')::DATE
    -- a date in words, the day first, in Russian or English ("1 марта 2025 г.", "1 March 2025"; until 2026-12-07
    -- (forty-third session) held back): no locale reads it otherwise
    WHEN regexp_full_match(lower(v), '[0-9]{1,2}[' || mh_space_chars() || ']+('
                           || array_to_string(mh_russian_months(), '|') || ')[' || mh_space_chars() || ']+[0-9]{4}(['
                           || mh_space_chars() || ']?г(ода|\.)?)?')
        THEN try_strptime(regexp_extract(v, '^[0-9]+') || '.'
                          || list_position(mh_russian_months(), regexp_extract(lower(v), '[а-я]{3,}')) || '.'
                          || regexp_extract(v, '[0-9]{4}'), '%d.%m.%Y')::DATE
    -- in Kazakh words, the day first as typed ("1 наурыз 2025 ж.") or the year first as a Kazakh-locale long or
    -- medium date writes it ("2025 ж. 1 наурыз", "2025 ж. 01 нау."; until 2026-12-08 held back): no locale
    -- reads it otherwise
    WHEN regexp_full_match(mh_kazakh_words(v), '[0-9]{1,2}[' || mh_space_chars() || ']+' || mh_kazakh_month() || '['
                           || mh_space_chars() || ']+[0-9]{4}([' || mh_space_chars() || ']?ж(ыл|\.)?)?')
        THEN mh_kazakh_date(regexp_extract(v, '^[0-9]+'), regexp_extract(mh_kazakh_words(v), mh_kazakh_month(), 1),
                            regexp_extract(v, '[0-9]{4}'))
    WHEN regexp_full_match(mh_kazakh_words(v), '[0-9]{4}[' || mh_space_chars() || ']?(ж\.?|жылғы)[' || mh_space_chars()
                           || ']+[0-9]{1,2}[' || mh_space_chars() || ']+' || mh_kazakh_month())
        THEN mh_kazakh_date(regexp_extract(v, '[^0-9]([0-9]{1,2})[^0-9]', 1),
                            regexp_extract(mh_kazakh_words(v), mh_kazakh_month(), 1), left(v, 4))
    WHEN regexp_full_match(v, '[0-9]{1,2} [A-Za-z]{3,9}\.? [0-9]{4}')
        THEN coalesce(try_strptime(v, '%d %B %Y'), try_strptime(replace(v, '.', ''), '%d %b %Y'))::DATE
    -- the month first, in English words, as a US long date writes it, its weekday too ("March 1, 2025",
    -- "Saturday, March 1, 2025"; until 2026-12-07 (forty-fourth session) held back): no locale reads it
    -- otherwise. A weekday that is not the date's is held: which of the two was meant is not known
    WHEN regexp_full_match(v, '([A-Za-z]{3,9}, )?[A-Za-z]{3,9}\.? [0-9]{1,2},? [0-9]{4}')
        THEN mh_weekday_agreeing(regexp_extract(v, '^([A-Za-z]{3,9}), ', 1), coalesce(
            try_strptime(regexp_replace(regexp_replace(v, '^[A-Za-z]{3,9}, ', ''), '[.,]', '', 'g'), '%B %d %Y'),
            try_strptime(regexp_replace(regexp_replace(v, '^[A-Za-z]{3,9}, ', ''), '[.,]', '', 'g'), '%b %d %Y')
        )::DATE)
    WHEN regexp_full_match(v, '[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2}( ([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?|['
                              || mh_space_chars() || ']?г\.?)?')
        THEN try_strptime(regexp_extract(v, '^[0-9]{1,2}\.[0-9]{1,2}\.') || '20'
                          || regexp_extract(v, '^[0-9]{1,2}\.[0-9]{1,2}\.([0-9]{2})', 1), '%d.%m.%Y')::DATE
END;
-- ;;
-- A country as typed, compared as pipelines/lib/countries.py's alias_key (tested alike): composed, lower-case,
-- ё as е, stress marks dropped, apostrophes (Oʻzbekiston), punctuation and spaces of every kind folded.
CREATE OR REPLACE MACRO mh_alias_key(v) AS trim(regexp_replace(replace(lower(
        CASE WHEN strlen(v) = length(v) THEN trim(v)
             ELSE regexp_replace(nfc_normalize(trim(v)), '[\x{300}\x{301}]', '', 'g') END),
    'ё', 'е'), '[' || mh_space_chars() || '\.,''’‘ʻʼ`´\-()]+', ' ', 'g'));
-- ;;
-- A site code: upper-case, trimmed, without invisible characters; a dash of any kind read as a hyphen and a
-- space of any kind as a space (typed_text.py's DASH_CHARS and SPACE_CHARS, tested alike), and Cyrillic
-- look-alike letters as Latin (uic.py's) where that makes the whole code Latin: "АLА–01" typed with a Russian
-- keyboard's А and Word's en dash reads ALA-01 on every screen, and was a site of its own in every figure
-- until 2026-12-06. Codes that differ visibly ("ALA01", "ALA-1") stay apart: the site_lookalikes warning.
CREATE OR REPLACE MACRO mh_site_plain(s) AS trim(regexp_replace(regexp_replace(s,
    '[' || mh_dash_chars() || ']', '-', 'g'), '[' || mh_space_chars() || ']', ' ', 'g'));
-- ;;
CREATE OR REPLACE MACRO mh_latin_whole(s) AS CASE
    WHEN strlen(translate(s, 'АВЕКМНОРСТХ', 'ABEKMHOPCTX')) = length(s) THEN translate(s, 'АВЕКМНОРСТХ', 'ABEKMHOPCTX')
    ELSE s END;
-- ;;
CREATE OR REPLACE MACRO mh_site_code(v) AS CASE WHEN strlen(v) = length(v) THEN upper(trim(v))
    ELSE mh_latin_whole(mh_site_plain(upper(mh_visible(v)))) END;
-- ;;
-- A UIC: four letters (Latin or Cyrillic), the sex digit, the 4-digit birth year.
CREATE OR REPLACE MACRO mh_is_uic(v) AS regexp_full_match(v, '[A-ZА-ЯЁ]{4}[12][0-9]{4}');
-- ;;
-- A UIC as typed, upper-cased, without spaces (of any kind), dashes or underscores within: a register typed
-- by hand spaces the code's parts ("AI BU 1 1990", "АИБУ-1-1990": until 2026-12-07 held back as not a UIC).
-- What is left must still be a UIC (mh_is_uic).
CREATE OR REPLACE MACRO mh_uic_plain(v) AS
    upper(regexp_replace(mh_visible(v), mh_word_breaks(), '', 'g'));
-- ;;
-- Every coded column's allowed values, once: the normalisation and the reasons both use them.
CREATE OR REPLACE MACRO mh_allowed(col) AS CASE col
    WHEN 'migrant_group' THEN ['labour_migrant', 'relocant', 'kandas', 'family_member', 'student', 'other']
    WHEN 'residence_status' THEN ['work_permit', 'temporary_residence', 'permanent_residence', 'citizen_kandas',
                                  'undocumented', 'unknown']
    WHEN 'sex' THEN ['male', 'female', 'other']
    WHEN 'key_population' THEN ['pwid', 'sw', 'msm', 'tg', 'prisoner', 'none']
    WHEN 'test_modality' THEN ['community', 'mobile', 'facility', 'index', 'self_test']
    WHEN 'result' THEN ['negative', 'positive', 'indeterminate', 'invalid']
    WHEN 'previously_diagnosed' THEN ['yes', 'no', 'unknown']
    WHEN 'care_location' THEN ['KAZ', 'home_remote']
END;
-- ;;
-- A code as typed in words: trimmed, lower case, its words joined by one "_" whatever separates them (spaces
-- of any kind, hyphens, dashes, underscores): "Labour migrant", "self-test", "home remote" are the codes
-- labour_migrant, self_test, home_remote (until 2026-12-06 each held its row back).
CREATE OR REPLACE MACRO mh_code_words(v) AS replace(trim(regexp_replace(lower(mh_visible(v)),
    mh_word_breaks(), ' ', 'g')), ' ', '_');
-- ;;
-- What registers typed by hand write for three codes, as mh_code_words reads it (a dot after it dropped):
-- sex as "М"/"Ж" or "M"/"F" and their Russian words, the result and previously_diagnosed in Russian. Each
-- is those codes' and no other's: a sex so read must still agree with the UIC's sex digit. Until 2026-12-07
-- each held its row back. previously_diagnosed as a yes/no answer: "Y"/"N", or a true/false cell (a Parquet
-- boolean, an XLSX boolean cell, Excel's TRUE/FALSE saved to CSV, "ИСТИНА"/"ЛОЖЬ" in a Russian locale; held
-- until 2026-12-07, forty-third session). Other columns' words are held as before: which category
-- "бывший заключённый" or "РВП" counts in is the programme's to say.
CREATE OR REPLACE MACRO mh_code_synonym(col, w) AS CASE col
    WHEN 'sex' THEN CASE
        WHEN w IN ('m', 'м', 'муж', 'мужской', 'мужчина', 'man') THEN 'male'
        WHEN w IN ('f', 'ж', 'жен', 'женский', 'женщина', 'woman') THEN 'female' END
    WHEN 'result' THEN CASE
        WHEN w IN ('отрицательный', 'отрицательно', 'отр') THEN 'negative'
        WHEN w IN ('положительный', 'положительно', 'полож') THEN 'positive'
        WHEN w IN ('сомнительный', 'неопределённый', 'неопределенный') THEN 'indeterminate'
        WHEN w IN ('недействительный', 'невалидный') THEN 'invalid' END
    WHEN 'previously_diagnosed' THEN CASE
        WHEN w IN ('да', 'y', 'true', 'истина') THEN 'yes' WHEN w IN ('нет', 'n', 'false', 'ложь') THEN 'no'
        WHEN w IN ('неизвестно', 'не_известно') THEN 'unknown' END
END;
-- ;;
-- A code's words (``w``, as mh_code_words reads them): the allowed code they spell in any case ("kaz" is KAZ),
-- the one they stand for (mh_code_synonym), or the words as they are (held: not allowed).
CREATE OR REPLACE MACRO mh_enum_words(col, w) AS
    coalesce(list_filter(mh_allowed(col), lambda a: lower(a) = w)[1], mh_code_synonym(col, rtrim(w, '.')), w);
-- ;;
-- A coded cell normalised: one already written as allowed, or empty, is taken as it is, which is most cells
-- and half the cost; another as its words read (mh_enum_words).
CREATE OR REPLACE MACRO mh_enum(col, raw) AS CASE
    WHEN raw IS NULL OR list_contains(mh_allowed(col), raw) THEN raw
    ELSE mh_enum_words(col, mh_code_words(raw)) END;
-- ;;
CREATE OR REPLACE MACRO mh_enum_reason(col, raw, norm, required) AS CASE
    WHEN raw IS NULL AND required THEN col || ': missing (required)'
    WHEN raw IS NOT NULL AND NOT list_contains(mh_allowed(col), norm)
        THEN col || ': ' || mh_quote(raw) || ' is not one of ' || array_to_string(mh_allowed(col), ', ')
END;
-- ;;
-- An optional cell that says it holds nothing, as tools and registers write an empty cell: R's and pandas'
-- "NA" or "NaN", "N/A", SQL's "NULL", a dash, "н/д", "нет данных" (until 2026-12-07 each held its row back,
-- "'NA' is not a date"). Not "none" (key_population's code; "none" previously diagnosed may mean "no"), not
-- "нет" ("no"), not Excel's "#N/A" (a formula that failed: the value may exist). Asked only of a cell whose
-- value was not read (``read``): a valid cell costs nothing more.
CREATE OR REPLACE MACRO mh_says_nothing(raw, read) AS CASE WHEN raw IS NULL OR read THEN false
    ELSE regexp_full_match(lower(trim(mh_visible(raw))),
        '(na|n/a|n\.a\.|nan|null|н/д|нет[' || mh_space_chars() || ']+данных|[' || mh_dash_chars() || '-]+)') END;
-- ;;
-- A date or number cell of two words or more ("Went Home", or a person's name typed where a date belongs: a
-- column shifted in Excel) is neither quoted in a reason nor kept in the row as read (mh_raw_json): the
-- identifier search (pipelines/lib/identifiers.py) does not find a name alone without a surname's ending
-- ("Ким Сергей") there, as it cannot be told from "Went Home"; until 2026-12-07 it was stored so.
CREATE OR REPLACE MACRO mh_words(v) AS regexp_matches(v, '\pL{2,}\PL+\pL{2,}');
-- ;;
CREATE OR REPLACE MACRO mh_figure(v) AS CASE WHEN mh_words(v) THEN '⟨words withheld⟩' ELSE v END;
-- ;;
CREATE OR REPLACE MACRO mh_quote_figure(v) AS
    CASE WHEN mh_words(v) THEN 'a value of words (not shown, as it may name a person)' ELSE mh_quote(v) END;
-- ;;
-- A row holding the contract's headings for record_id and client_uic, written as a header may be ("Record
-- ID", "CLIENT_UIC", "record–id": the word breaks of pipelines/lib/contract.py's normalise_header), after a
-- form's groups too ("client-client_uic", as ODK Central heads a field asked in a group): the header row again
-- (until 2026-12-07 held with a reason for every column). Asked only of a row that fails a rule.
CREATE OR REPLACE MACRO mh_heading_words(v) AS
    regexp_replace(lower(mh_visible(v)), '[\s_.\-\x{2010}-\x{2015}/]+', '', 'g');
-- ;;
CREATE OR REPLACE MACRO mh_header_again(record_id, client_uic) AS
    suffix(mh_heading_words(record_id), 'recordid') AND suffix(mh_heading_words(client_uic), 'clientuic');
-- ;;
-- A sheet's totals row under the records ("Итого", "Total": in record_id, no UIC beside it), as an Excel
-- table or a report adds one (until 2026-12-07 held with a reason for every empty column).
CREATE OR REPLACE MACRO mh_totals(record_id) AS regexp_full_match(lower(trim(mh_visible(record_id))),
    '(итого|итог|всего|барлығы|жами|total|totals|grand total|sum)[:.]?');
-- ;;
-- A date's cell formatted as a number or General (the column pasted as values, or retyped) holds Excel's count
-- of days from 1899-12-30: 45717 is 2025-03-01. Not read as that date (a number is not a date in the contract,
-- and a workbook of Mac Excel's 1904 system counts from 1904-01-01), but said, with the date it would be, for
-- the officer to format the column as a date. 40000-49999: 2009-07-06 to 2036-11-19.
CREATE OR REPLACE MACRO mh_day_count_hint(raw) AS CASE
    WHEN regexp_full_match(trim(raw), '4[0-9]{4}([.,][0-9]+)?')
        THEN ': a number as Excel keeps the date ' || strftime(DATE '1899-12-30'
             + CAST(regexp_extract(trim(raw), '^[0-9]+') AS INTEGER), '%Y-%m-%d')
             || ' in a cell formatted as a number: format the column as a date in Excel'
END;
-- ;;
CREATE OR REPLACE MACRO mh_date_reason(col, raw, parsed) AS CASE
    WHEN raw IS NOT NULL AND parsed IS NULL
        THEN col || ': ' || mh_quote_figure(raw) || ' is not a date (YYYY-MM-DD or DD.MM.YYYY)'
             || coalesce(mh_day_count_hint(raw), '')
END;
-- ;;
-- The normalised content of a row (typed columns by name): what "the same record" compares.
CREATE OR REPLACE MACRO mh_content(r) AS {
    'client_uic': r.client_uic, 'test_date': r.test_date, 'site_code': r.site_code,
    'country_of_origin': r.country_of_origin, 'migrant_group': r.migrant_group,
    'residence_status': r.residence_status, 'sex': r.sex, 'age': r.age::INTEGER, 'key_population': r.key_population,
    'test_modality': r.test_modality, 'result': r.result, 'previously_diagnosed': r.previously_diagnosed,
    'linked_date': r.linked_date, 'care_location': r.care_location, 'art_start_date': r.art_start_date,
    'vl_date': r.vl_date, 'vl_copies': r.vl_copies};
-- ;;
CREATE OR REPLACE MACRO mh_raw_json(r) AS to_json({
    'record_id': r.record_id, 'client_uic': r.client_uic, 'test_date': mh_figure(r.test_date),
    'site_code': r.site_code, 'country_of_origin': r.country_of_origin, 'migrant_group': r.migrant_group,
    'residence_status': r.residence_status, 'sex': r.sex, 'age': mh_figure(r.age),
    'key_population': r.key_population, 'test_modality': r.test_modality, 'result': r.result,
    'previously_diagnosed': r.previously_diagnosed, 'linked_date': mh_figure(r.linked_date),
    'care_location': r.care_location, 'art_start_date': mh_figure(r.art_start_date),
    'vl_date': mh_figure(r.vl_date), 'vl_copies': mh_figure(r.vl_copies)})::VARCHAR;
-- ;;
CREATE OR REPLACE TEMP VIEW screening_file_checked AS
WITH trimmed AS (
    SELECT
        r.file_seq, r.row_number,
        r.file_seq::BIGINT * 4294967296 + r.row_number AS seq,
        r.record_id AS raw_record_id, r.client_uic AS raw_client_uic, r.test_date AS raw_test_date,
        r.site_code AS raw_site_code, r.country_of_origin AS raw_country, r.migrant_group AS raw_migrant_group,
        r.residence_status AS raw_residence_status, r.sex AS raw_sex, r.age AS raw_age,
        r.key_population AS raw_key_population, r.test_modality AS raw_test_modality, r.result AS raw_result,
        r.previously_diagnosed AS raw_previously_diagnosed, r.linked_date AS raw_linked_date,
        r.care_location AS raw_care_location, r.art_start_date AS raw_art_start_date,
        r.vl_date AS raw_vl_date, r.vl_copies AS raw_vl_copies, r._row_error AS row_error,
        mh_is_uic(r.client_uic) AS uic_as_read,  -- most are: no trimming or upper-casing needed
        trim(mh_visible(r.age)) AS age_text,  -- tried in each of its forms below
        -- the viral load without its unit, as a lab's result is copied ("400 копий/мл", "12 500 copies/mL": until
        -- 2026-12-07 held): the number is then read in any of its forms below
        regexp_replace(trim(mh_visible(r.vl_copies)), mh_group_spaces() || '*(копий|коп\.?|copies|cp)'
                       || mh_group_spaces() || '*/' || mh_group_spaces() || '*(мл|ml)$', '', 'i') AS vl_text,
        r AS raw_row  -- the row as a struct: no copy, turned into JSON only where a rule fails
    FROM file_rows AS r
), countries AS (  -- each spelling normalised once, not once per row
    SELECT d.raw_country, c.iso3
    -- from file_rows, not from trimmed: a CTE read twice is materialised, every row of it
    FROM (SELECT DISTINCT country_of_origin AS raw_country FROM file_rows) AS d
    LEFT JOIN ref_countries AS c ON c.alias = mh_alias_key(mh_visible(d.raw_country))
), norm AS (
    SELECT
        t.*,
        nullif(trim(mh_visible(raw_record_id)), '') AS record_id,
        CASE WHEN uic_as_read THEN raw_client_uic ELSE mh_uic_plain(raw_client_uic) END AS client_uic,
        mh_date(trim(mh_visible(raw_test_date))) AS test_date,
        mh_site_code(raw_site_code) AS site_code,
        c.iso3 AS country_of_origin,
        mh_enum('migrant_group', raw_migrant_group) AS migrant_group,
        mh_enum('residence_status', raw_residence_status) AS residence_status,
        mh_enum('sex', raw_sex) AS sex,
        -- a whole number written with a decimal part of zeros ("35.0", "35,00": a program's float, pandas'
        -- for a column with blanks, or a number style with decimals) is that number, as a Parquet float is; three
        -- zeros ("1,000", "1.000") may group thousands, and are held. Held as not whole until 2026-12-07. So is
        -- an age with the word for years, as a register typed by hand writes it ("35 лет", "21 год", "22 года",
        -- "35 years"), until 2026-12-07 (the fortieth session).
        CASE WHEN regexp_full_match(age_text, '[0-9]{1,3}') THEN age_text::INTEGER
            WHEN regexp_full_match(age_text, '[0-9]{1,3}[.,]0{1,2}') THEN regexp_extract(age_text, '^[0-9]+')::INTEGER
            WHEN regexp_full_match(lower(age_text), '[0-9]{1,3}[' || mh_space_chars() || ']*(лет|год|года|years?|yrs?)\.?')
                THEN regexp_extract(age_text, '^[0-9]+')::INTEGER
        END AS age,
        mh_enum('key_population', raw_key_population) AS key_population,
        mh_enum('test_modality', raw_test_modality) AS test_modality,
        mh_enum('result', raw_result) AS result,
        mh_enum('previously_diagnosed', raw_previously_diagnosed) AS previously_diagnosed,
        mh_date(trim(mh_visible(raw_linked_date))) AS linked_date,
        mh_enum('care_location', raw_care_location) AS care_location,
        mh_date(trim(mh_visible(raw_art_start_date))) AS art_start_date,
        mh_date(trim(mh_visible(raw_vl_date))) AS vl_date,
        CASE WHEN regexp_full_match(vl_text, '[0-9]{1,12}') THEN vl_text::BIGINT
            WHEN regexp_full_match(vl_text, '[0-9]{1,12}[.,]0{1,2}') THEN regexp_extract(vl_text, '^[0-9]+')::BIGINT
            -- grouped by thousands, as Excel in a Russian locale shows a number ("12 500", a no-break space)
            WHEN regexp_full_match(vl_text, '[0-9]{1,3}(?:' || mh_group_spaces() || '[0-9]{3}){1,3}')
                THEN regexp_replace(vl_text, mh_group_spaces(), '', 'g')::BIGINT END AS vl_copies
    FROM trimmed AS t
    LEFT JOIN countries AS c ON c.raw_country = t.raw_country
), nothing AS (  -- the optional cells that say they hold nothing (mh_says_nothing)
    SELECT n.*,
        mh_says_nothing(raw_test_modality, list_contains(mh_allowed('test_modality'), test_modality)) AS no_test_modality,
        mh_says_nothing(raw_previously_diagnosed,
            list_contains(mh_allowed('previously_diagnosed'), previously_diagnosed))
            AS no_previously_diagnosed,
        mh_says_nothing(raw_linked_date, linked_date IS NOT NULL) AS no_linked_date,
        mh_says_nothing(raw_care_location, list_contains(mh_allowed('care_location'), care_location)) AS no_care_location,
        mh_says_nothing(raw_art_start_date, art_start_date IS NOT NULL) AS no_art_start_date,
        mh_says_nothing(raw_vl_date, vl_date IS NOT NULL) AS no_vl_date,
        mh_says_nothing(raw_vl_copies, vl_copies IS NOT NULL) AS no_vl_copies
    FROM norm AS n
), given AS (  -- they are empty cells, as read (raw_) and normalised: every rule then sees an empty cell
    SELECT x.* REPLACE (
        CASE WHEN NOT no_test_modality THEN raw_test_modality END AS raw_test_modality,
        CASE WHEN NOT no_test_modality THEN test_modality END AS test_modality,
        CASE WHEN NOT no_previously_diagnosed THEN raw_previously_diagnosed END AS raw_previously_diagnosed,
        CASE WHEN NOT no_previously_diagnosed THEN previously_diagnosed END AS previously_diagnosed,
        CASE WHEN NOT no_linked_date THEN raw_linked_date END AS raw_linked_date,
        CASE WHEN NOT no_care_location THEN raw_care_location END AS raw_care_location,
        CASE WHEN NOT no_care_location THEN care_location END AS care_location,
        CASE WHEN NOT no_art_start_date THEN raw_art_start_date END AS raw_art_start_date,
        CASE WHEN NOT no_vl_date THEN raw_vl_date END AS raw_vl_date,
        CASE WHEN NOT no_vl_copies THEN raw_vl_copies END AS raw_vl_copies)
    FROM nothing AS x
), uic_checked AS (
    SELECT n.*, CASE WHEN uic_as_read THEN true ELSE mh_is_uic(client_uic) END AS uic_ok FROM given AS n
), uic AS (
    SELECT u.*,
        CASE WHEN uic_ok THEN substr(client_uic, 5, 1) END AS uic_sex_digit,
        CASE WHEN uic_ok THEN substr(client_uic, 6, 4)::INTEGER END AS uic_birth_year
    FROM uic_checked AS u
)
, why AS (  -- each rule's reason, or null where the row passes it
SELECT u.*,
        CASE WHEN row_error IS NOT NULL THEN 'row: ' || row_error END AS why_row,
        CASE WHEN record_id IS NULL THEN 'record_id: missing (required)'
             WHEN length(record_id) > 200 THEN 'record_id: longer than 200 characters'
             -- a long numeric id Excel saved as it showed it ("1.23457E+14", "1,23457E+14" in a Russian locale):
             -- its digits are lost and such ids collide (until 2026-12-07 the first was loaded as an id)
             WHEN contains(record_id, 'E+') AND regexp_full_match(record_id, '[0-9]([.,][0-9]+)?E\+[0-9]+')
                 THEN 'record_id: ' || mh_quote(raw_record_id) || ' is a number Excel wrote in scientific notation'
                      || ' (its digits are lost): export the ids as text' END AS why_record_id,
        CASE WHEN raw_client_uic IS NULL THEN 'client_uic: missing (required)'
             WHEN NOT uic_ok THEN 'client_uic: ' || mh_quote(raw_client_uic)
                 || ' is not a UIC (4 letters, sex digit 1 or 2, 4-digit birth year)' END AS why_client_uic,
        CASE WHEN raw_test_date IS NULL THEN 'test_date: missing (required)'
             WHEN test_date IS NULL THEN mh_date_reason('test_date', raw_test_date, test_date)
             WHEN test_date < (SELECT earliest FROM screening_run) THEN 'test_date: ' || mh_quote(raw_test_date) || ' is before 2015-01-01'
             WHEN test_date > (SELECT as_of FROM screening_run) THEN 'test_date: ' || mh_quote(raw_test_date) || ' is in the future' END AS why_test_date,
        CASE WHEN raw_site_code IS NULL THEN 'site_code: missing (required)'
             WHEN length(site_code) > 64 THEN 'site_code: longer than 64 characters' END AS why_site_code,
        CASE WHEN raw_country IS NULL THEN 'country_of_origin: missing (required)'
             WHEN country_of_origin IS NULL THEN 'country_of_origin: ' || mh_quote(raw_country)
                 || ' is neither an ISO 3166-1 alpha-3 code nor a recognised country name' END AS why_country_of_origin,
        mh_enum_reason('migrant_group', raw_migrant_group, migrant_group, true) AS why_migrant_group,
        mh_enum_reason('residence_status', raw_residence_status, residence_status, true) AS why_residence_status,
        coalesce(mh_enum_reason('sex', raw_sex, sex, true),
            CASE WHEN uic_ok AND ((sex = 'male' AND uic_sex_digit <> '1') OR (sex = 'female' AND uic_sex_digit <> '2'))
                THEN 'sex: ' || mh_quote(raw_sex) || ' disagrees with the UIC''s sex digit ' || uic_sex_digit END) AS why_sex,
        CASE WHEN raw_age IS NULL THEN 'age: missing (required)'
             WHEN age IS NULL OR age > 100
                 THEN 'age: ' || mh_quote_figure(raw_age) || ' is not a whole number from 0 to 100'
             WHEN uic_ok AND test_date IS NOT NULL
                  AND abs(age - (year(test_date) - uic_birth_year)) > 1
                 THEN 'age: ' || mh_quote(raw_age) || ' disagrees with birth year ' || uic_birth_year
                     || ' in the UIC (test year ' || year(test_date) || ')' END AS why_age,
        mh_enum_reason('key_population', raw_key_population, key_population, true) AS why_key_population,
        mh_enum_reason('test_modality', raw_test_modality, test_modality, false) AS why_test_modality,
        mh_enum_reason('result', raw_result, result, true) AS why_result,
        mh_enum_reason('previously_diagnosed', raw_previously_diagnosed, previously_diagnosed, false) AS why_previously_diagnosed,
        coalesce(mh_date_reason('linked_date', raw_linked_date, linked_date),
            CASE WHEN linked_date IS NOT NULL AND result IS DISTINCT FROM 'positive'
                     THEN 'linked_date: ' || mh_quote(raw_linked_date) || ' given for a result that is not positive'
                 WHEN linked_date < test_date
                     THEN 'linked_date: ' || mh_quote(raw_linked_date) || ' is before test_date '
                         || mh_quote(raw_test_date)
                 WHEN linked_date > (SELECT as_of FROM screening_run)
                     THEN 'linked_date: ' || mh_quote(raw_linked_date) || ' is in the future' END) AS why_linked_date,
        coalesce(mh_enum_reason('care_location', raw_care_location, care_location, false),
            CASE WHEN raw_linked_date IS NOT NULL AND raw_care_location IS NULL
                THEN 'care_location: missing (required when linked_date is given)' END) AS why_care_location,
        coalesce(mh_date_reason('art_start_date', raw_art_start_date, art_start_date),
            CASE WHEN art_start_date < test_date
                THEN 'art_start_date: ' || mh_quote(raw_art_start_date) || ' is before test_date '
                    || mh_quote(raw_test_date)
                WHEN art_start_date > (SELECT as_of FROM screening_run)
                    THEN 'art_start_date: ' || mh_quote(raw_art_start_date) || ' is in the future' END)
            AS why_art_start_date,
        coalesce(mh_date_reason('vl_date', raw_vl_date, vl_date),
            CASE WHEN vl_date < art_start_date
                THEN 'vl_date: ' || mh_quote(raw_vl_date) || ' is before art_start_date '
                    || mh_quote(raw_art_start_date)
                WHEN vl_date > (SELECT as_of FROM screening_run)
                    THEN 'vl_date: ' || mh_quote(raw_vl_date) || ' is in the future' END) AS why_vl_date,
        CASE WHEN raw_vl_copies IS NOT NULL AND vl_copies IS NULL
                 THEN 'vl_copies: ' || mh_quote_figure(raw_vl_copies)
                     || ' is not a whole number of copies/mL (0 or more)'
             WHEN (raw_vl_copies IS NULL) <> (raw_vl_date IS NULL)
                 THEN 'vl_copies: vl_date and vl_copies must be given together (both or neither)' END AS why_vl_copies,
    mh_content(u) AS content
FROM uic AS u
), verdicts AS (
SELECT w.*,
    -- the list only for rows that fail a rule (few): building it for every row was a fifth of the time
    CASE WHEN coalesce(
        why_row, why_record_id, why_client_uic, why_test_date, why_site_code, why_country_of_origin,
        why_migrant_group, why_residence_status, why_sex, why_age, why_key_population,
        why_test_modality, why_result, why_previously_diagnosed, why_linked_date, why_care_location,
        why_art_start_date, why_vl_date, why_vl_copies) IS NOT NULL
    THEN CASE WHEN mh_header_again(raw_record_id, raw_client_uic)
        -- the header again, as when exports are joined one after another: one reason, not one a column
        THEN ['row: the header row again (two exports joined into one?), not a record: delete this row']
        -- a template's labels under its header ("Дата теста" under test_date: pipelines/lib/header_again.py's
        -- LABELS_ROW): its one reason
        WHEN starts_with(row_error, 'the contract''s headings again in other words') THEN [why_row]
        WHEN raw_client_uic IS NULL AND mh_totals(raw_record_id)
        THEN ['row: a totals row (' || mh_quote(trim(raw_record_id)) || '), not a record: delete this row']
        -- psql's count after a table it exports ("(25 rows)", "(25 строк)": a registry's dump, "|"-delimited),
        -- and the rule under the header of its aligned form ("-----+-----")
        WHEN raw_client_uic IS NULL AND regexp_full_match(trim(raw_record_id), '\([0-9]+ (rows?|строк[аи]?)\)')
        THEN ['row: the count of rows a database''s export ends with (' || mh_quote(trim(raw_record_id))
              || '), not a record: delete this row']
        WHEN raw_client_uic IS NULL AND regexp_full_match(trim(raw_record_id), '-+(\+-+)*')
        THEN ['row: a rule line under the header (' || mh_quote(trim(raw_record_id))
              || '), not a record: delete this row']
    ELSE list_filter([
        why_row, why_record_id, why_client_uic, why_test_date, why_site_code, why_country_of_origin,
        why_migrant_group, why_residence_status, why_sex, why_age, why_key_population,
        why_test_modality, why_result, why_previously_diagnosed, why_linked_date, why_care_location,
        why_art_start_date, why_vl_date, why_vl_copies], lambda x: x IS NOT NULL) END
    ELSE []::VARCHAR[] END AS reasons
FROM why AS w
)
SELECT file_seq, row_number, seq, record_id, content, reasons, false AS preloaded,
       -- the row as read, kept only where a rule failed: rows held for a conflict with an earlier
       -- file get theirs later (pipelines/lib/ingest.py), and every row is many
       CASE WHEN len(reasons) > 0 THEN mh_raw_json(raw_row) END AS raw
FROM verdicts;
-- ;;
CREATE OR REPLACE TEMP TABLE screening_checked AS SELECT * FROM screening_file_checked LIMIT 0;
