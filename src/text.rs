//! How people type labels, numbers, months and dates into cells, and how
//! matome reads them: full-width forms, unit words, dashes for zero,
//! Japanese eras. Pure functions, shared by the configuration and the reader.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// Counter words that people type after a number or a label (「12件」,
/// 「巡回件数（件）」). Only ever stripped from the end.
const COUNTER_WORDS: &[&str] =
    &["件", "社", "人", "回", "口", "者", "先", "名", "円", "万円", "千円", "百万円", "億円"];

/// Money units people type after a figure or a label, and what each is in
/// yen. Longer first, so that 百万円 is never read as 万円.
const MONEY_UNITS: [(&str, f64); 5] =
    [("百万円", 1_000_000.0), ("千円", 1_000.0), ("万円", 10_000.0), ("億円", 100_000_000.0), ("円", 1.0)];

/// What one unit of money (「万円」) is in yen.
pub fn money_unit_factor(unit: &str) -> Option<f64> {
    MONEY_UNITS.iter().find(|(name, _)| *name == unit).map(|&(_, factor)| factor)
}

/// The money unit a label names in brackets at its end: 「採択金額（千円）」 → 千円.
pub fn money_unit_of_label(label: &str) -> Option<&'static str> {
    // Most labels end in no bracket: skip the normalisation for them.
    let last = label.chars().rev().find(|c| !c.is_whitespace())?;
    if !std::iter::once(last).nfkc().any(|c| matches!(c, ')' | ']' | '】')) {
        return None;
    }
    let folded: String = label.nfkc().filter(|c| !c.is_whitespace()).collect();
    let inner = folded.strip_suffix([')', ']', '】'])?;
    MONEY_UNITS.iter().map(|(name, _)| *name).find(|name| {
        inner.ends_with(name) && {
            let before = &inner[..inner.len() - name.len()];
            before.ends_with(['(', '[', '【'])
        }
    })
}

/// NFKC, lower case, no white space: the key labels are compared by.
pub fn normalize_label(text: &str) -> String {
    let folded: String = if text.is_ascii() {
        text.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_lowercase()).collect()
    } else if unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        // Most labels (kana, kanji) are already in NFKC and have no case:
        // the same key without decomposing and recomposing every character.
        let kept: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        // Kana and kanji (U+3000–U+9FFF) have no case; any other character
        // is looked up.
        let folds = |c: char| !('\u{3000}'..='\u{9FFF}').contains(&c) && c.to_lowercase().ne(std::iter::once(c));
        if kept.chars().any(folds) {
            kept.to_lowercase()
        } else {
            kept
        }
    } else {
        text.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
    };
    // A trailing unit in brackets: 「巡回件数(件)」, 「窓口相談[件]」.
    let trimmed = strip_trailing_unit_brackets(&folded);
    trimmed.to_string()
}

fn strip_trailing_unit_brackets(text: &str) -> &str {
    for (open, close) in [('(', ')'), ('[', ']'), ('【', '】'), ('〈', '〉')] {
        if let Some(inner) = text.strip_suffix(close) {
            if let Some(pos) = inner.rfind(open) {
                let unit = &inner[pos + open.len_utf8()..];
                if COUNTER_WORDS.contains(&unit) {
                    return &text[..pos];
                }
            }
        }
    }
    text
}

/// The label keys a typed label may match: as typed, and without a trailing
/// counter word (「巡回件数件」 is rare, 「加入者数」 vs 「加入者」 is not).
pub fn label_keys(text: &str) -> Vec<String> {
    let key = normalize_label(text);
    let mut keys = vec![key.clone()];
    for word in COUNTER_WORDS {
        if let Some(stripped) = key.strip_suffix(word) {
            if !stripped.is_empty() {
                keys.push(stripped.to_string());
            }
        }
    }
    keys
}

/// What a text cell says, read as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsedText {
    Blank,
    Number(f64),
    /// A figure typed with a money unit (「4,500万円」), in yen.
    Yen(f64),
    NotANumber,
}

/// Read text typed where a number belongs: 「１２」, 「12件」, 「1,234」,
/// 「－」 (zero), 「34.4%」. Anything else is not a number.
pub fn parse_number_text(text: &str) -> ParsedText {
    let folded: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    if folded.is_empty() {
        return ParsedText::Blank;
    }
    // Dashes of every width mean nothing happened: zero.
    if folded.chars().all(|c| matches!(c, '-' | '−' | '－' | '―' | '‐' | '—' | '–' | 'ー' | '─')) {
        return ParsedText::Number(0.0);
    }
    let mut body = folded.as_str();
    let mut yen: Option<f64> = None;
    let mut percent = false;
    if let Some(rest) = body.strip_suffix('%') {
        body = rest;
        percent = true;
    } else if let Some(&(unit, factor)) = MONEY_UNITS.iter().find(|(unit, _)| body.ends_with(unit)) {
        body = &body[..body.len() - unit.len()];
        yen = Some(factor);
    } else if let Some(word) = COUNTER_WORDS.iter().find(|w| body.ends_with(*w)) {
        body = &body[..body.len() - word.len()];
    }
    let body = body.replace(',', "");
    let body = body.strip_prefix('+').unwrap_or(&body);
    let body = body.replace('−', "-");
    let valid = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && body.chars().any(|c| c.is_ascii_digit());
    match body.parse::<f64>() {
        // Dividing (not multiplying by 0.01) keeps 34.5% exactly 0.345.
        Ok(value) if valid && value.is_finite() && percent => ParsedText::Number(value / 100.0),
        Ok(value) if valid && value.is_finite() => match yen {
            Some(factor) => ParsedText::Yen(value * factor),
            None => ParsedText::Number(value),
        },
        _ => ParsedText::NotANumber,
    }
}

/// English month names, and the abbreviations people write for them.
const ENGLISH_MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sept", "sep"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

/// A month heading: its calendar month, and its year when the heading
/// carries one (a year and a month with a separator, 「2021/4」, 「R3.4」, or
/// a date cell). Product codes and version numbers share the separated
/// form, so a row or column of dated headings must span one fiscal year
/// (see `one_year_apart`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthHeading {
    pub month: u32,
    pub year: Option<i32>,
}

/// The calendar month a header cell names: 「4月」, 「４月」, 「Apr」,
/// 「Apr.」, 「April」, 「2021-04」, 「2021/4」, 「R3.4」, 「令和3年4月」.
pub fn parse_month_label(text: &str) -> Option<u32> {
    parse_month_heading(text).map(|heading| heading.month)
}

/// Whether a text may be a month heading: short, and holding a digit or
/// an English name. Most cells of a sheet are not, and are passed over
/// without being normalised.
pub fn may_be_month_heading(text: &str) -> bool {
    // Twelve characters are at most 48 bytes: a longer text is no heading
    // without counting its characters.
    if text.len() > 48 || text.chars().nth(12).is_some() {
        return false;
    }
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let in_name = |c: char| {
        c.is_ascii_alphabetic()
            || ('Ａ'..='Ｚ').contains(&c)
            || ('ａ'..='ｚ').contains(&c)
            || matches!(c, '．' | '.' | '分')
    };
    text.chars().any(digit) || text.chars().all(|c| in_name(c) || c.is_whitespace())
}

/// As `parse_month_label`, keeping the year of a separated form.
pub fn parse_month_heading(text: &str) -> Option<MonthHeading> {
    if !may_be_month_heading(text) {
        return None;
    }
    let folded: String = text.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let folded = folded.trim_end_matches('分');
    if folded.is_empty() {
        return None;
    }
    let named = |month: u32| Some(MonthHeading { month, year: None });
    // A whole English name or its abbreviation, never a prefix of a longer
    // word (「Marketing」, 「Mayor」).
    let word = folded.strip_suffix('.').unwrap_or(folded);
    if let Some(index) = ENGLISH_MONTHS.iter().position(|names| names.contains(&word)) {
        return named(index as u32 + 1);
    }
    // 「4月」 or 「令和3年4月」 / 「2021年4月」.
    if let Some(body) = folded.strip_suffix('月') {
        let month_part = body.rsplit('年').next().unwrap_or(body);
        if body.contains('年') {
            parse_year_prefix(&body[..body.len() - month_part.len() - '年'.len_utf8()])?;
        }
        return named(month_number(month_part)?);
    }
    // 「2021-04」, 「2021/4」, 「2021.4」, 「R3.4」, 「H31.4」: a four-digit
    // year or an era year, then the month in one or two digits.
    let parts: Vec<&str> = folded.split(['-', '/', '.']).collect();
    if let [year, month] = parts[..] {
        let era = year.starts_with(|c: char| c.is_alphabetic());
        if !(era || year.len() == 4) || month.is_empty() || month.len() > 2 {
            return None;
        }
        let year = parse_year_prefix(year).filter(|y| MODERN_YEARS.contains(y))?;
        return Some(MonthHeading { month: month_number(month)?, year: Some(year) });
    }
    None
}

/// The years a report of ours can be for. A 「2145.1」 or 「R40/2」 is a
/// code, not a month.
const MODERN_YEARS: std::ops::RangeInclusive<i32> = 1989..=2049;

/// Whether the dated headings of one row or column fall within twelve
/// consecutive months, as a fiscal year's do.
pub fn one_year_apart(headings: impl IntoIterator<Item = MonthHeading>) -> bool {
    let serials = headings.into_iter().filter_map(|h| h.year.map(|year| year * 12 + h.month as i32));
    let (low, high) = serials.fold((i32::MAX, i32::MIN), |(low, high), s| (low.min(s), high.max(s)));
    low > high || high - low < 12
}

fn month_number(text: &str) -> Option<u32> {
    let month: u32 = text.parse().ok()?;
    (1..=12).contains(&month).then_some(month)
}

/// A year written as 「2021」, 「令和3」, 「R3」, 「令和元」, 「H31」, 「平成31」.
pub fn parse_year_prefix(text: &str) -> Option<i32> {
    let text = text.trim();
    let eras: [(&[&str], i32); 3] = [(&["令和", "r"], 2018), (&["平成", "h"], 1988), (&["昭和", "s"], 1925)];
    for (names, offset) in eras {
        for name in names {
            if let Some(rest) = text.strip_prefix(name) {
                let rest = rest.trim_end_matches('年');
                let year: i32 = if rest == "元" { 1 } else { rest.parse().ok()? };
                return (year >= 1).then_some(offset + year);
            }
        }
    }
    let year: i32 = text.trim_end_matches('年').parse().ok()?;
    (1900..=2200).contains(&year).then_some(year)
}

/// A date typed as text: 「2021-06-14」, 「2021/6/14」, 「2021年6月14日」,
/// 「令和3年6月14日現在」, 「R3.6.14」.
pub fn parse_date_text(text: &str) -> Option<NaiveDate> {
    let folded: String = text.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let folded = folded.trim_end_matches("現在").trim_end_matches('時').trim_end_matches("時点");
    let (year, month, day) = if let Some(body) = folded.strip_suffix('日') {
        let (year, rest) = body.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        (year, month, day)
    } else {
        let parts: Vec<&str> = folded.split(['-', '/', '.']).collect();
        if parts.len() != 3 {
            return None;
        }
        (parts[0], parts[1], parts[2])
    };
    let year = parse_year_prefix(year)?;
    NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}

/// A fiscal year typed as 「令和3年度」, 「R3年度」, 「2021年度」, 「2021」, 「FY2021」.
pub fn parse_fiscal_year(text: &str) -> Option<i32> {
    let folded: String = text.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let folded = folded.trim_start_matches("fy").trim_end_matches('度');
    parse_year_prefix(folded)
}

/// The fiscal year a sheet's name gives, `this_year` being the report's:
/// 「R2」, 「令和2年度」, 「H31年度実績」, 「2020年度」, 「FY2020」, 「前年度」
/// (last year), 「今年度」. A month's name (「R3.6」, 「令和3年6月」) gives none.
pub fn fiscal_year_in_sheet_name(name: &str, this_year: i32) -> Option<i32> {
    use std::sync::OnceLock;
    static YEAR: OnceLock<regex::Regex> = OnceLock::new();
    let folded: String = name.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    if ["前年度", "昨年度"].iter().any(|w| folded.contains(w)) || folded == "前年" {
        return Some(this_year - 1);
    }
    if ["今年度", "本年度", "当年度"].iter().any(|w| folded.contains(w)) {
        return Some(this_year);
    }
    let year = YEAR.get_or_init(|| {
        regex::Regex::new(r"^(?:fy)?((?:令和|平成|r|h)(?:元|\d{1,2})|(?:19|20)\d{2})(年度|年)?(?:[^\d./\-年月]|$)")
            .expect("valid pattern")
    });
    let caps = year.captures(&folded)?;
    let era = !caps[1].starts_with(|c: char| c.is_ascii_digit());
    // A bare 「2020」 may be anything; a year needs its era or 年度.
    (era || caps.get(2).is_some_and(|m| m.as_str() == "年度") || folded.starts_with("fy"))
        .then(|| parse_year_prefix(&caps[1]))
        .flatten()
}

/// The Japanese era name of a fiscal year: 2021 → 「令和3年度」.
pub fn japanese_fiscal_year(year: i32) -> String {
    match year {
        2019 => "令和元年度".to_string(),
        y if y > 2019 => format!("令和{}年度", y - 2018),
        y if y > 1988 => format!("平成{}年度", y - 1988),
        y => format!("{y}年度"),
    }
}

/// The Japanese era form of a date: 2021-06-14 → 「令和3年6月14日」.
pub fn japanese_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    let era = japanese_fiscal_year(date.year());
    let era_year = era.trim_end_matches("年度");
    format!("{era_year}年{}月{}日", date.month(), date.day())
}

/// A label without the numbering people put before it: 「①巡回件数」,
/// 「1.窓口相談件数」, 「(3)CO派遣」, 「（４）…」, 「2-1 持続化補助金」,
/// 「Ⅱ.会員」, 「■加入」 → the label; `None` when there is no numbering.
pub fn without_numbering(text: &str) -> Option<String> {
    use std::sync::OnceLock;
    static PREFIX: OnceLock<regex::Regex> = OnceLock::new();
    let prefix = PREFIX.get_or_init(|| {
        regex::Regex::new(concat!(
            r"^(?:[■□●○◆◇・▪▫※*\-]",
            r"|[(\[]?[0-9]{1,2}(?:[-.][0-9]{1,2})*[)\].、,:]?",
            r"|[(\[]?(?:i{1,3}|iv|vi{0,3}|ix|x)[)\].、]",
            r"|[(\[]?[一二三四五六七八九十]{1,2}[)\]、.])",
        ))
        .expect("a valid pattern")
    });
    let folded: String = text.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let found = prefix.find(&folded)?;
    let rest = &folded[found.end()..];
    (!rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit())).then(|| rest.to_string())
}

/// The fiscal months a subtotal column heading covers: 「第1四半期計」,
/// 「1Q計」, 「上期計」, 「上半期」, 「下期計」 (never a month of its own).
pub fn subtotal_months(text: &str) -> Option<std::ops::Range<usize>> {
    // Every subtotal heading holds 期 (四半期, 上期) or a Q: most texts of a
    // sheet are passed over without being normalised.
    if !text.chars().any(|c| matches!(c, '期' | 'q' | 'Q' | 'ｑ' | 'Ｑ')) {
        return None;
    }
    let key = normalize_label(text);
    let key = key.trim_end_matches("合計").trim_end_matches('計').trim_end_matches("小");
    let quarter = key
        .strip_prefix('第')
        .unwrap_or(key)
        .strip_suffix("四半期")
        .or_else(|| key.strip_suffix('q'))
        .or_else(|| key.strip_prefix('q'))
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|n| (1..=4).contains(n));
    match (quarter, key) {
        (Some(n), _) => Some(3 * (n - 1)..3 * n),
        (None, "上期" | "上半期") => Some(0..6),
        (None, "下期" | "下半期") => Some(6..12),
        _ => None,
    }
}

/// The month a file's name says it reports, as a calendar month: the last
/// one it names (「勝北支所_4～6月分」 → 6), in any form people use in file
/// names: 「6月分」, 「R3.6」, 「令和3年6月」, 「2021-06」, 「202106」, or a
/// fiscal quarter or half (「第1四半期」 → the quarter's last month).
/// `start_month` is the fiscal year's first calendar month.
pub fn month_in_file_name(stem: &str, start_month: u32) -> Option<u32> {
    use std::sync::OnceLock;
    static PATTERN: OnceLock<regex::Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        regex::Regex::new(concat!(
            r"(?:^|[^0-9])(?P<m>[0-9]{1,2})月",
            r"|(?:r|h|令和|平成)[0-9]{1,2}[.\-_年](?P<era_m>[0-9]{1,2})(?:[^0-9]|$)",
            r"|(?:^|[^0-9])(?:19|20)[0-9]{2}[.\-_/]?(?P<iso_m>[0-9]{2})(?:[0-9]{2})?(?:[^0-9]|$)",
            r"|第(?P<q>[1-4])四半期|(?:^|[^a-z])(?P<q2>[1-4])q|q(?P<q3>[1-4])(?:[^0-9]|$)",
            r"|(?P<h1>上期|上半期)|(?P<h2>下期|下半期)",
        ))
        .expect("a valid pattern")
    });
    let folded: String = stem.nfkc().collect::<String>().to_lowercase();
    let fiscal_end_of = |fiscal_months: u32| (start_month - 1 + fiscal_months - 1) % 12 + 1;
    let mut found = None;
    for capture in pattern.captures_iter(&folded) {
        let number = |name: &str| capture.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let month = if let Some(month) = number("m").or_else(|| number("era_m")).or_else(|| number("iso_m")) {
            month
        } else if let Some(quarter) = number("q").or_else(|| number("q2")).or_else(|| number("q3")) {
            fiscal_end_of(quarter * 3)
        } else if capture.name("h1").is_some() {
            fiscal_end_of(6)
        } else {
            fiscal_end_of(12)
        };
        if (1..=12).contains(&month) {
            found = Some(month);
        }
    }
    found
}

/// How many marks of a correction a file's name carries: 「(修正)」,
/// 「訂正」, 「差替」, 「再提出」, 「改訂」, 「最新」, and numbered versions
/// (「第2版」, 「v2」, 「(2)」, 「_2」) counting one for each version after
/// the first. A file with more marks was sent later.
pub fn correction_marks(stem: &str) -> u32 {
    use std::sync::OnceLock;
    const WORDS: &[&str] = &[
        "修正",
        "訂正",
        "差替",
        "差し替",
        "差しかえ",
        "再提出",
        "再送",
        "改訂",
        "改定",
        "最新",
        "corrected",
        "revised",
    ];
    static NUMBERED: OnceLock<regex::Regex> = OnceLock::new();
    let numbered = NUMBERED.get_or_init(|| {
        regex::Regex::new(concat!(
            r"第(?P<edition>[0-9]{1,2})版",
            r"|(?:^|[^a-z])(?:v|ver\.?|rev\.?)(?P<version>[0-9]{1,2})(?:[^0-9]|$)",
            r"|\((?P<copy>[0-9]{1,2})\)",
            r"|[_\- ](?P<suffix>[2-9])$",
        ))
        .expect("a valid pattern")
    });
    let folded: String = stem.nfkc().collect::<String>().to_lowercase();
    let words = WORDS.iter().filter(|w| folded.contains(*w)).count() as u32;
    let versions: u32 = numbered
        .captures_iter(&folded)
        .filter_map(|c| {
            ["edition", "version", "copy", "suffix"]
                .iter()
                .find_map(|n| c.name(n))
                .and_then(|m| m.as_str().parse().ok())
        })
        .map(|n: u32| n.saturating_sub(1))
        .sum();
    words + versions
}

/// Whether a label breaks down the item above it rather than being an
/// item: 「うち小規模事業者」, 「（うち新規）」, 「内 青年部」, 「内訳」.
pub fn is_breakdown_label(text: &str) -> bool {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || "（(［[〔【・-－ー".contains(c));
    ["うち", "内訳", "内 ", "内　", "内："].iter().any(|prefix| text.starts_with(prefix))
        || (text.starts_with('内')
            && text.chars().count() > 1
            && !text.starts_with("内容")
            && !text.starts_with("内部"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sheet_names_that_give_a_fiscal_year() {
        let year = |name| fiscal_year_in_sheet_name(name, 2021);
        assert_eq!(year("R2"), Some(2020));
        assert_eq!(year("令和2年度"), Some(2020));
        assert_eq!(year("H31年度実績"), Some(2019));
        assert_eq!(year("2020年度"), Some(2020));
        assert_eq!(year("ＦＹ２０２０"), Some(2020));
        assert_eq!(year("前年度"), Some(2020));
        assert_eq!(year("令和3年度（今年度）"), Some(2021));
        for month_or_other in ["R3.6", "令和3年6月", "2021", "報告", "4月", "Sheet1", "R3-6"] {
            assert_eq!(year(month_or_other), None, "{month_or_other}");
        }
    }

    use super::*;

    #[test]
    fn labels_compare_without_width_space_or_unit() {
        assert_eq!(normalize_label("巡回 件数（件）"), normalize_label("巡回件数"));
        assert_eq!(normalize_label("ＩＴ導入補助金　申請"), normalize_label("IT導入補助金 申請"));
        assert!(label_keys("加入者").contains(&"加入".to_string()));
    }

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(parse_number_text("１２"), ParsedText::Number(12.0));
        assert_eq!(parse_number_text("12件"), ParsedText::Number(12.0));
        assert_eq!(parse_number_text("1,234"), ParsedText::Number(1234.0));
        assert_eq!(parse_number_text("－"), ParsedText::Number(0.0));
        assert_eq!(parse_number_text("―"), ParsedText::Number(0.0));
        assert_eq!(parse_number_text("-"), ParsedText::Number(0.0));
        assert_eq!(parse_number_text("-3"), ParsedText::Number(-3.0));
        assert_eq!(parse_number_text("34.5%"), ParsedText::Number(0.345));
        assert_eq!(parse_number_text("　"), ParsedText::Blank);
        assert_eq!(parse_number_text("未集計"), ParsedText::NotANumber);
        assert_eq!(parse_number_text("1.2.3"), ParsedText::NotANumber);
    }

    #[test]
    fn month_headers_in_every_form() {
        for (text, month) in [
            ("4月", 4),
            ("４月", 4),
            ("Apr", 4),
            ("April", 4),
            ("2021-04", 4),
            ("2021/4", 4),
            ("R3.4", 4),
            ("令和3年4月", 4),
            ("2022年3月", 3),
            ("１２月分", 12),
        ] {
            assert_eq!(parse_month_label(text), Some(month), "{text}");
        }
        for text in ["合計", "13月", "巡回件数", "April Fools", ""] {
            assert_eq!(parse_month_label(text), None, "{text}");
        }
        for (text, month) in [("Mar", 3), ("Mar.", 3), ("March", 3), ("Sept", 9), ("sep.", 9), ("JUNE", 6)] {
            assert_eq!(parse_month_label(text), Some(month), "{text}");
        }
    }

    #[test]
    fn words_and_codes_that_look_like_months_are_not_months() {
        // Words that begin like a month; product codes with a slash or a dot.
        for text in ["Marketing", "JULB", "Mayor", "Decimal", "Augusta", "Janus", "R40/2", "2145.1", "2142/12", "1.5"] {
            assert_eq!(parse_month_label(text), None, "{text}");
        }
        assert_eq!(parse_month_heading("R3.4"), Some(MonthHeading { month: 4, year: Some(2021) }));
        assert_eq!(parse_month_heading("2022/3"), Some(MonthHeading { month: 3, year: Some(2022) }));
        // A fiscal year's dated headings are within twelve months; codes that
        // pass for year-months one at a time are not.
        let dated = |text| parse_month_heading(text).unwrap();
        assert!(one_year_apart(["2021/4", "2021/5", "2022/3", "4月"].map(dated)));
        assert!(!one_year_apart(["2021/4", "2023/4"].map(dated)));
        assert!(!one_year_apart(["2011/4", "2012/12"].map(dated)));
    }

    #[test]
    fn dates_in_western_and_era_forms() {
        let june14 = NaiveDate::from_ymd_opt(2021, 6, 14);
        for text in ["2021-06-14", "2021/6/14", "2021年6月14日", "令和3年6月14日現在", "R3.6.14", "令和３年６月１４日"]
        {
            assert_eq!(parse_date_text(text), june14, "{text}");
        }
        assert_eq!(parse_date_text("6月14日"), None);
        assert_eq!(parse_fiscal_year("令和3年度"), Some(2021));
        assert_eq!(parse_fiscal_year("R3"), Some(2021));
        assert_eq!(parse_fiscal_year("2021年度"), Some(2021));
        assert_eq!(japanese_fiscal_year(2021), "令和3年度");
        assert_eq!(japanese_date(june14.unwrap()), "令和3年6月14日");
    }

    #[test]
    fn months_and_corrections_in_file_names() {
        for (stem, month) in [
            ("勝北支所_6月分(修正)", Some(6)),
            ("久米_R3.6報告", Some(6)),
            ("奈義支所 月次報告 6月", Some(6)),
            ("加茂支所_4～6月分", Some(6)),
            ("加茂支所_4月～6月分", Some(6)),
            ("勝北支所（１２月）", Some(12)),
            ("本部_令和3年9月分", Some(9)),
            ("勝北_2021-07", Some(7)),
            ("勝北_202108_報告", Some(8)),
            ("勝北_20210914", Some(9)),
            ("勝北_第1四半期", Some(6)),
            ("勝北_第4四半期", Some(3)),
            ("勝北_Q2", Some(9)),
            ("勝北_上期", Some(9)),
            ("勝北支所", None),
            ("勝北支所_2", None),
            ("勝北_13月", None),
        ] {
            assert_eq!(month_in_file_name(stem, 4), month, "{stem}");
        }
        for (stem, marks) in [
            ("勝北支所_6月分", 0),
            ("勝北支所_6月分(修正)", 1),
            ("勝北支所_6月分（修正）", 1),
            ("勝北支所_6月分_差替", 1),
            ("勝北支所_6月分_差し替え", 1),
            ("勝北支所_6月分_再提出", 1),
            ("勝北支所_6月分(修正)_再提出", 2),
            ("勝北支所_6月分_第2版", 1),
            ("勝北支所_6月分_v3", 2),
            ("勝北支所_6月分 (2)", 1),
            ("勝北支所_6月分_2", 1),
            ("勝北支所_6月分(修正)(2)", 2),
            ("久米_R3.6報告", 0),
            ("勝北_2021", 0),
        ] {
            assert_eq!(correction_marks(stem), marks, "{stem}");
        }
    }

    #[test]
    fn numbering_and_subtotal_headings() {
        for (text, label) in [
            ("①巡回件数", Some("巡回件数")),
            ("1.窓口相談件数", Some("窓口相談件数")),
            ("(3)CO派遣", Some("co派遣")),
            ("（４）マル経融資", Some("マル経融資")),
            ("2-1 持続化補助金 申請", Some("持続化補助金申請")),
            ("Ⅱ.会員福祉共済", Some("会員福祉共済")),
            ("■加入", Some("加入")),
            ("三、脱会", Some("脱会")),
            ("巡回件数", None),
            ("12", None),
        ] {
            assert_eq!(without_numbering(text).as_deref(), label, "{text}");
        }
        assert_eq!(subtotal_months("第1四半期計"), Some(0..3));
        assert_eq!(subtotal_months("第３四半期"), Some(6..9));
        assert_eq!(subtotal_months("2Q計"), Some(3..6));
        assert_eq!(subtotal_months("上期計"), Some(0..6));
        assert_eq!(subtotal_months("下半期 合計"), Some(6..12));
        assert_eq!(subtotal_months("合計"), None);
        assert_eq!(subtotal_months("4月"), None);
    }
}
