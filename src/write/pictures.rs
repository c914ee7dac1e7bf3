//! The report's pictures as SVG, drawn by plotters from the same figures
//! as 総括: every item's progress against the year's pace, the units ×
//! items grid by standing, and one item's cumulative by month against its
//! plan and last year. Text stays text (`<text>`, escaped by plotters), and
//! each standing is said in words beside its colour, so the pictures read
//! in print, by the colour-blind and by a screen reader. The colours are
//! Okabe and Ito's, told apart by every common colour vision.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::config::{Config, Lang};
use crate::consolidate::{standing, KpiReport, Report, Standing};
use crate::i18n::{month_name, standing_name};

const ON_PACE: RGBColor = RGBColor(0, 158, 115);
const SLIGHTLY_BEHIND: RGBColor = RGBColor(230, 159, 0);
const FAR_BEHIND: RGBColor = RGBColor(213, 94, 0);
const THIS_YEAR: RGBColor = RGBColor(0, 114, 178);
const LAST_YEAR: RGBColor = RGBColor(128, 128, 128);
const FONT: &str = "sans-serif";
const WIDTH: u32 = 960;
/// Room for an item's label left of its bar.
const LABEL_WIDTH: u32 = 260;

fn colour(standing: Standing) -> RGBColor {
    match standing {
        Standing::OnPace => ON_PACE,
        Standing::SlightlyBehind => SLIGHTLY_BEHIND,
        Standing::FarBehind => FAR_BEHIND,
    }
}

type Drawn = Result<(), Box<dyn std::error::Error>>;

/// Every item with a target: its progress as a bar in its standing's
/// colour, the figure and the standing in words at its end, and the
/// year's pace as a line across all of them.
pub fn progress_svg(report: &Report, lang: Lang) -> String {
    let kpis: Vec<&KpiReport> = report.kpis.iter().filter(|k| k.progress.is_some() && k.standing.is_some()).collect();
    let height = 70 + 24 * kpis.len().max(1) as u32;
    let mut svg = String::new();
    let drawn = draw_progress(&mut svg, &kpis, report.expected_pace, lang, height);
    finished(svg, drawn)
}

fn draw_progress(svg: &mut String, kpis: &[&KpiReport], pace: f64, lang: Lang, height: u32) -> Drawn {
    let root = SVGBackend::with_string(svg, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let count = kpis.len() as u32;
    let most = kpis.iter().filter_map(|k| k.progress).fold(1.0_f64, f64::max).min(2.0) * 1.15;
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(LABEL_WIDTH)
        .build_cartesian_2d(0.0..most, (0..count).into_segmented())?;
    let label = |value: &SegmentValue<u32>| match value {
        SegmentValue::CenterOf(index) => count
            .checked_sub(index + 1)
            .and_then(|position| kpis.get(position as usize))
            .map_or(String::new(), |k| k.label.clone()),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(count as usize)
        .y_label_formatter(&label)
        .x_label_formatter(&|x| format!("{:.0}%", x * 100.0))
        .label_style((FONT, 13))
        .draw()?;
    for (position, kpi) in kpis.iter().enumerate() {
        let (Some(progress), Some(standing)) = (kpi.progress, kpi.standing) else { continue };
        let row = count - 1 - position as u32;
        let end = progress.clamp(0.0, most);
        let corners = [(0.0, SegmentValue::Exact(row)), (end, SegmentValue::Exact(row + 1))];
        let mut bar = Rectangle::new(corners, colour(standing).filled());
        bar.set_margin(4, 4, 0, 0);
        chart.draw_series(std::iter::once(bar))?;
        let words = format!("{:.1}%  {}", progress * 100.0, standing_name(lang, standing));
        chart.draw_series(std::iter::once(Text::new(
            words,
            (end + most * 0.01, SegmentValue::CenterOf(row)),
            (FONT, 12),
        )))?;
    }
    let pace_words = match lang {
        Lang::Ja => format!("経過率 {:.1}%", pace * 100.0),
        Lang::En => format!("Pace {:.1}%", pace * 100.0),
    };
    let line = [(pace, SegmentValue::Exact(0)), (pace, SegmentValue::Exact(count))];
    chart
        .draw_series(LineSeries::new(line, BLACK.stroke_width(2)))?
        .label(pace_words)
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font((FONT, 12))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

/// Units down, items across: each cell's progress in words, on its
/// standing's colour; a unit with no target for the item is left blank.
pub fn grid_svg(report: &Report, config: &Config, lang: Lang) -> String {
    let kpis: Vec<&KpiReport> = report.kpis.iter().filter(|k| k.units.iter().any(|u| u.progress.is_some())).collect();
    let cell = (72_u32, 26_u32);
    let (left, top) = (110_u32, 120_u32);
    let size = (left + cell.0 * kpis.len().max(1) as u32 + 10, top + cell.1 * config.units.len() as u32 + 10);
    let mut svg = String::new();
    let drawn = draw_grid(&mut svg, &kpis, report.expected_pace, config, lang, (cell, left, top, size));
    finished(svg, drawn)
}

type GridShape = ((u32, u32), u32, u32, (u32, u32));

fn draw_grid(svg: &mut String, kpis: &[&KpiReport], pace: f64, config: &Config, lang: Lang, shape: GridShape) -> Drawn {
    let ((width, height), left, top, size) = shape;
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    root.fill(&WHITE)?;
    let at = |column: usize, row: usize| ((left + width * column as u32) as i32, (top + height * row as u32) as i32);
    let small = (FONT, 11).into_font();
    for (column, kpi) in kpis.iter().enumerate() {
        // Item names slanted above their columns, as in a printed table.
        let (x, y) = at(column, 0);
        let style = small.clone().transform(FontTransform::Rotate270).color(&BLACK);
        root.draw(&Text::new(kpi.label.clone(), (x + width as i32 / 2, y - 4), style))?;
    }
    for (row, unit) in config.units.iter().enumerate() {
        let (_, y) = at(0, row);
        root.draw(&Text::new(config.unit_name(row, lang).to_string(), (8, y + 8), small.color(&BLACK)))?;
        for (column, kpi) in kpis.iter().enumerate() {
            let Some(progress) = kpi.units.iter().find(|u| u.unit == unit.id).and_then(|u| u.progress) else {
                continue;
            };
            let (cx, _) = at(column, row);
            let fill = colour(standing(progress, pace, config)).mix(0.35);
            root.draw(&Rectangle::new(
                [(cx + 1, y + 1), (cx + width as i32 - 1, y + height as i32 - 1)],
                fill.filled(),
            ))?;
            let words = format!("{:.0}%", progress * 100.0);
            root.draw(&Text::new(words, (cx + 6, y + 7), small.color(&BLACK)))?;
        }
    }
    root.present()?;
    Ok(())
}

/// One item by month: this year's cumulative to the report date, the plan
/// (the target spread over the year, or its own plan by month) and last
/// year's cumulative where it is known.
pub fn cumulative_svg(report: &Report, config: &Config, kpi: usize, lang: Lang) -> String {
    let mut svg = String::new();
    let drawn = match report.kpis.get(kpi) {
        Some(item) => draw_cumulative(&mut svg, item, config, lang),
        None => Ok(()),
    };
    finished(svg, drawn)
}

fn draw_cumulative(svg: &mut String, kpi: &KpiReport, config: &Config, lang: Lang) -> Drawn {
    let root = SVGBackend::with_string(svg, (WIDTH, 320)).into_drawing_area();
    root.fill(&WHITE)?;
    let plan: Vec<f64> = match (&kpi.plan, kpi.target) {
        (Some(plan), _) => plan.clone(),
        (None, Some(target)) => (1..=12).map(|m| target * m as f64 / 12.0).collect(),
        (None, None) => Vec::new(),
    };
    let last_year: Vec<Option<f64>> = kpi.previous_cumulative.clone().unwrap_or_default();
    let values = kpi.cumulative.iter().flatten().chain(&plan).chain(last_year.iter().flatten());
    let most = values.fold(1.0_f64, |most, v| most.max(*v)) * 1.1;
    let mut chart = ChartBuilder::on(&root)
        .caption(&kpi.label, (FONT, 16))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(60)
        .build_cartesian_2d(0..12_usize, 0.0..most)?;
    chart
        .configure_mesh()
        .x_labels(12)
        .x_label_formatter(&|m| month_name(lang, config.calendar_month((*m).min(11))))
        .label_style((FONT, 12))
        .draw()?;
    let (this_year, planned, previous) = match lang {
        Lang::Ja => ("今年度 累計", "計画", "前年度 累計"),
        Lang::En => ("This year, cumulative", "Plan", "Last year, cumulative"),
    };
    let points =
        |series: &[Option<f64>]| series.iter().enumerate().filter_map(|(m, v)| Some((m, (*v)?))).collect::<Vec<_>>();
    let series: [(&str, Vec<(usize, f64)>, RGBColor); 3] = [
        (planned, plan.iter().copied().enumerate().collect(), BLACK),
        (previous, points(&last_year), LAST_YEAR),
        (this_year, points(&kpi.cumulative), THIS_YEAR),
    ];
    for (name, line, colour) in series.into_iter().filter(|(_, line, _)| !line.is_empty()) {
        let style = colour.stroke_width(if name == this_year { 3 } else { 2 });
        chart
            .draw_series(LineSeries::new(line, style))?
            .label(name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], style));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 12))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

/// The SVG drawn, or none where plotters could not draw it (logged).
fn finished(svg: String, drawn: Drawn) -> String {
    match drawn {
        Ok(()) => svg,
        Err(error) => {
            log::warn!("picture not drawn: {error}");
            String::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 巡回件数 at 120 of 400 (30 %) with a quarter of the year gone, and
    /// 窓口相談件数 at 10 of 400.
    fn report() -> (Report, Config) {
        let config = Config::default_config();
        let mut checked = crate::check::check(Vec::new(), &config, Default::default());
        checked.as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        let mut report = crate::consolidate::consolidate(&checked, &config);
        for (id, actual) in [("visits", 120.0), ("consultations", 10.0)] {
            let kpi = report.kpis.iter_mut().find(|k| k.id == id).unwrap();
            (kpi.target, kpi.actual, kpi.progress) = (Some(400.0), Some(actual), Some(actual / 400.0));
            kpi.standing = Some(standing(actual / 400.0, report.expected_pace, &config));
            kpi.cumulative = vec![Some(40.0), Some(80.0), Some(actual)];
        }
        (report, config)
    }

    #[test]
    fn progress_is_drawn_with_its_figure_and_standing_in_words_and_the_pace_marked() {
        let (report, _) = report();
        let svg = progress_svg(&report, Lang::Ja);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains(">\n巡回件数\n</text>") || svg.contains("巡回件数"), "{svg}");
        assert!(svg.contains("30.0%  順調"), "{svg}");
        assert!(svg.contains("2.5%  遅れ"), "{svg}");
        assert!(svg.contains(&format!("経過率 {:.1}%", report.expected_pace * 100.0)), "{svg}");
        assert!(svg.contains("#009E73") && svg.contains("#D55E00"), "the standings' colours: {svg}");
    }

    #[test]
    fn an_items_cumulative_is_drawn_against_its_plan() {
        let (report, config) = report();
        let visits = report.kpis.iter().position(|k| k.id == "visits").unwrap();
        let svg = cumulative_svg(&report, &config, visits, Lang::Ja);
        for words in ["今年度 累計", "計画", "4月", "3月"] {
            assert!(svg.contains(words), "{words}: {svg}");
        }
        assert_eq!(cumulative_svg(&report, &config, 999, Lang::Ja), "");
    }
}
