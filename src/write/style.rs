//! Formats and page setup shared by every sheet matome writes, so the
//! report, the findings and the templates look like one family.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet};

use crate::consolidate::Standing;
use crate::findings::Severity;

pub const GREEN_FILL: u32 = 0xC6EFCE;
/// Data bars of achievement.
pub const BAR_COLOR: u32 = 0x9DC3E6;
pub const GREEN_FONT: u32 = 0x006100;
pub const YELLOW_FILL: u32 = 0xFFEB9C;
pub const YELLOW_FONT: u32 = 0x9C5700;
pub const RED_FILL: u32 = 0xFFC7CE;
pub const RED_FONT: u32 = 0x9C0006;
pub const INFO_FILL: u32 = 0xDDEBF7;
pub const HEADER_FILL: u32 = 0x1F4E78;
pub const SUBTOTAL_FILL: u32 = 0xF2F2F2;
pub const INPUT_FILL: u32 = 0xFFF9DB;

pub const NUMBER: &str = "#,##0";
pub const PERCENT: &str = "0.0%";
/// Achievement rates as the chamber prints them: 39.50%.
pub const RATE: &str = "0.00%";
pub const SIGNED_PERCENT: &str = "+0.00%;-0.00%;0.00%";

/// A Japanese-capable font, so printing and LibreOffice pick CJK glyphs.
const FONT: &str = "Meiryo UI";

pub fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(10)
}

pub fn title() -> Format {
    base().set_bold().set_font_size(14)
}

pub fn subtitle() -> Format {
    base().set_font_size(10).set_font_color(0x404040)
}

pub fn block_title() -> Format {
    base().set_bold().set_font_size(11)
}

pub fn header() -> Format {
    base()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(HEADER_FILL)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
}

pub fn label() -> Format {
    base().set_border(FormatBorder::Thin)
}

pub fn text() -> Format {
    base().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter)
}

pub fn number() -> Format {
    base().set_num_format(NUMBER).set_border(FormatBorder::Thin)
}

/// Money in 千円 or 万円: one decimal, as the chamber prints 4,500.0 万円.
pub fn amount() -> Format {
    base().set_num_format("#,##0.0").set_border(FormatBorder::Thin)
}

pub fn percent() -> Format {
    base().set_num_format(PERCENT).set_border(FormatBorder::Thin)
}

pub fn rate() -> Format {
    base().set_num_format(RATE).set_border(FormatBorder::Thin)
}

pub fn signed_percent() -> Format {
    base().set_num_format(SIGNED_PERCENT).set_border(FormatBorder::Thin)
}

/// The 合計 / 累計 / 進捗 rows: shaded and bold so they read as results.
pub fn subtotal(format: Format) -> Format {
    format.set_bold().set_background_color(SUBTOTAL_FILL)
}

pub fn input(format: Format) -> Format {
    format.set_background_color(INPUT_FILL).set_unlocked()
}

/// A date a reader may change (the 基準日 the pace is computed from).
pub fn editable_date() -> Format {
    base().set_num_format("yyyy/m/d").set_border(FormatBorder::Thin).set_background_color(INPUT_FILL)
}

/// Conditional formats that colour a progress cell by where it stands: green
/// when `score` is at or above `ahead` × `pace`, yellow at or above `behind`
/// × `pace`, red below; nothing while `progress` holds no number. The
/// expressions are relative to the top-left cell of the range they go on.
pub fn standing_rules(
    progress: &str,
    score: &str,
    pace: &str,
    thresholds: &crate::config::Thresholds,
) -> Vec<rust_xlsxwriter::ConditionalFormatFormula> {
    use crate::findings::format_number;
    let at_least = |share: f64| format!("=AND(ISNUMBER({progress}),{score}>={}*{pace})", format_number(share));
    [
        (Standing::OnPace, at_least(thresholds.ahead)),
        (Standing::SlightlyBehind, at_least(thresholds.behind)),
        (Standing::FarBehind, format!("=ISNUMBER({progress})")),
    ]
    .into_iter()
    .map(|(standing, rule)| {
        rust_xlsxwriter::ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(standing_colours(standing))
            .set_stop_if_true(true)
    })
    .collect()
}

/// The fill and font of a standing alone, for a conditional format.
pub fn standing_colours(which: Standing) -> Format {
    standing(Format::new(), which)
}

pub fn standing(format: Format, standing: Standing) -> Format {
    let (fill, font) = match standing {
        Standing::OnPace => (GREEN_FILL, GREEN_FONT),
        Standing::SlightlyBehind => (YELLOW_FILL, YELLOW_FONT),
        Standing::FarBehind => (RED_FILL, RED_FONT),
    };
    format.set_background_color(fill).set_font_color(font)
}

pub fn severity(format: Format, severity: Severity) -> Format {
    let (fill, font) = match severity {
        Severity::Error => (RED_FILL, RED_FONT),
        Severity::Warning => (YELLOW_FILL, YELLOW_FONT),
        Severity::Info => (INFO_FILL, 0x1F4E78),
    };
    format.set_background_color(fill).set_font_color(font)
}

pub fn link() -> Format {
    base()
        .set_font_color(0x0563C1)
        .set_underline(rust_xlsxwriter::FormatUnderline::Single)
        .set_border(FormatBorder::Thin)
}

/// A4 landscape, fitted to the page width, with a header naming the
/// organisation, the report and the report date.
pub fn page_setup(sheet: &mut Worksheet, left: &str, centre: &str, right: &str, page_of: &str) {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.4, 0.4, 0.6, 0.5, 0.3, 0.3);
    sheet.set_header(format!("&L{}&C{}&R{}", escape_header(left), escape_header(centre), escape_header(right)));
    sheet.set_footer(format!("&C{page_of}"));
}

/// `&` starts a code in Excel's header language; organisation names are data.
fn escape_header(text: &str) -> String {
    text.replace('&', "&&")
}

/// An approximate display width in Excel's character units: CJK characters
/// take nearly two.
pub fn display_width(text: &str) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 1.0 } else { 1.8 }).sum()
}
