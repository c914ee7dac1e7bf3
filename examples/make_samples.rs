//! Regenerates `samples/`: one submission per unit of the default
//! configuration, reproducing the chamber's 令和3年度 report as of
//! 令和3年6月14日 (see the domain brief). Each file is the unit's template
//! filled in the way a branch fills it in: April to June typed, later months
//! left blank. As in the real report, 勝北, 加茂 and 奈義 typed a 国の3共済
//! row total over the formula that disagrees with their months.
//!
//! Run: `cargo run --example make_samples -- samples`

use std::path::PathBuf;

use chrono::NaiveDate;
use matome::config::{Config, Lang};
use matome::write::template::{build_template, Filling};

/// (unit, KPI, April, May, June). KPIs a unit reports but that are not
/// listed here were zero in each of the three months.
const FIGURES: &[(&str, &str, [f64; 3])] = &[
    ("honbu", "visits", [130.0, 120.0, 66.0]),
    ("shohoku", "visits", [45.0, 44.0, 24.0]),
    ("kamo", "visits", [60.0, 62.0, 34.0]),
    ("kume", "visits", [80.0, 83.0, 43.0]),
    ("nagi", "visits", [55.0, 53.0, 28.0]),
    ("shohoku", "consultations", [75.0, 70.0, 38.0]),
    ("kamo", "consultations", [55.0, 52.0, 30.0]),
    ("kume", "consultations", [98.0, 95.0, 50.0]),
    ("nagi", "consultations", [76.0, 73.0, 40.0]),
    ("shohoku", "small_visited", [40.0, 70.0, 85.0]),
    ("kamo", "small_visited", [50.0, 90.0, 111.0]),
    ("kume", "small_visited", [70.0, 120.0, 144.0]),
    ("nagi", "small_visited", [35.0, 60.0, 79.0]),
    ("shohoku", "small_in_area", [247.0, 247.0, 247.0]),
    ("kamo", "small_in_area", [196.0, 196.0, 196.0]),
    ("kume", "small_in_area", [297.0, 297.0, 297.0]),
    ("nagi", "small_in_area", [206.0, 206.0, 206.0]),
    ("shohoku", "apply_jizokuka", [1.0, 1.0, 0.0]),
    ("shohoku", "apply_monozukuri", [0.0, 2.0, 0.0]),
    ("shohoku", "apply_other", [0.0, 0.0, 2.0]),
    ("kamo", "apply_jizokuka", [0.0, 1.0, 0.0]),
    ("kamo", "apply_other", [1.0, 0.0, 1.0]),
    ("kume", "apply_jizokuka", [2.0, 2.0, 1.0]),
    ("kamo", "marukei", [1.0, 0.0, 0.0]),
    ("kume", "marukei", [0.0, 0.0, 1.0]),
    ("nagi", "marukei", [0.0, 1.0, 1.0]),
    ("shohoku", "succession_diagnoses", [0.0, 5.0, 5.0]),
    ("kamo", "succession_diagnoses", [0.0, 0.0, 6.0]),
    ("kume", "succession_diagnoses", [0.0, 1.0, 0.0]),
    ("nagi", "succession_diagnoses", [0.0, 7.0, 0.0]),
    ("nagi", "co_dispatches", [0.0, 0.0, 2.0]),
    ("shohoku", "startups", [0.0, 1.0, 0.0]),
    ("kamo", "startups", [1.0, 2.0, 0.0]),
    ("kume", "startups", [0.0, 0.0, 2.0]),
    ("nagi", "startups", [0.0, 2.0, 0.0]),
    ("shohoku", "bookkeeping", [1.0, 0.0, 0.0]),
    ("kamo", "bookkeeping", [1.0, 0.0, 0.0]),
    ("kume", "bookkeeping", [2.0, 0.0, 0.0]),
    ("nagi", "bookkeeping", [2.0, 0.0, 0.0]),
    ("kamo", "savings_mutual", [3.0, 0.0, 0.0]),
    ("shohoku", "welfare_mutual", [6.0, 1.0, 0.0]),
    ("kamo", "welfare_mutual", [4.0, 0.0, 0.0]),
    ("kume", "welfare_mutual", [10.0, 0.0, 0.0]),
    ("nagi", "welfare_mutual", [7.0, 0.0, 0.0]),
    ("kamo", "national_mutual", [1.0, 0.0, 0.0]),
    ("shohoku", "joined", [1.0, 3.0, 0.0]),
    ("kamo", "joined", [2.0, 3.0, 0.0]),
    ("kume", "joined", [1.0, 5.0, 0.0]),
    ("nagi", "joined", [2.0, 1.0, 0.0]),
    ("shohoku", "left", [4.0, 3.0, 0.0]),
    ("kamo", "left", [5.0, 3.0, 0.0]),
    ("kume", "left", [3.0, 1.0, 0.0]),
    ("nagi", "left", [2.0, 2.0, 0.0]),
];

/// The 国の3共済 row totals typed by hand in the seed, which disagree with
/// the months (勝北 1 over 0, 加茂 0 over 1, 奈義 1 over 0).
const TYPED_TOTALS: &[(&str, &str, f64)] =
    &[("shohoku", "national_mutual", 1.0), ("kamo", "national_mutual", 0.0), ("nagi", "national_mutual", 1.0)];

/// File names as they really arrive: not all alike.
const FILE_NAMES: &[(&str, &str)] = &[
    ("honbu", "本部_6月分.xlsx"),
    ("shohoku", "勝北支所_6月分(修正).xlsx"),
    ("kamo", "加茂支所_6月分.xlsx"),
    ("kume", "久米_R3.6報告.xlsx"),
    ("nagi", "奈義支所 月次報告 6月.xlsx"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "samples".into()));
    std::fs::create_dir_all(&out)?;
    let config = Config::default_config();
    let as_of = NaiveDate::from_ymd_opt(2021, 6, 14).expect("valid date");
    for &(unit_id, file_name) in FILE_NAMES {
        let unit = config.unit_index(unit_id).expect("a configured unit");
        let mut filling = Filling { report_date: Some(as_of), ..Filling::default() };
        for kpi in (0..config.kpis.len()).filter(|&k| config.reports(k, unit)) {
            for month in 0..3 {
                filling.values.insert((kpi, month), 0.0);
            }
        }
        for &(u, kpi_id, months) in FIGURES.iter().filter(|(u, _, _)| *u == unit_id) {
            let kpi = config.kpi_index(kpi_id).expect("a configured KPI");
            assert!(config.reports(kpi, unit), "{u} does not report {kpi_id}");
            for (month, value) in months.iter().enumerate() {
                filling.values.insert((kpi, month), *value);
            }
        }
        for &(_, kpi_id, total) in TYPED_TOTALS.iter().filter(|(u, _, _)| *u == unit_id) {
            filling.typed_totals.insert(config.kpi_index(kpi_id).expect("a configured KPI"), total);
        }
        let mut workbook = build_template(&config, unit, Lang::Ja, Some(&filling))?;
        let path = out.join(file_name);
        workbook.save(&path)?;
        println!("{}", path.display());
    }
    Ok(())
}
