//! Writes a synthetic organisation of N units for scale tests and the
//! benchmark: `DIR/config.toml` (the default KPIs, N units) and
//! `DIR/submissions/` (one workbook per unit, as of 2021-06-14).
//!
//! With `--files-per-unit K` (K > 1) each unit's whole year (April to
//! March, as of 2022-03-31) is written as K files, each holding its own
//! months and dated at the end of the last (`支所00001_6月分.xlsx` …, one a
//! month for K = 12); for one unit in four every file after the first also
//! repeats the month before it with revised visits and consultations.
//!
//! Realistic variation, deterministic for a given N: most files are the
//! unit's template filled in; one in ten has its table moved down and right
//! with note rows inserted; one in fifty has a finding (a blank, a word or a
//! negative count); one in twenty sits in a subfolder. All are xlsx: Rust
//! has no xls or ods writer, and the formats are covered by the fixtures.
//!
//! Run: `cargo run --release --example synth -- --units 1000 [--files-per-unit 12] --out /tmp/synth`
//! then `matome consolidate /tmp/synth/submissions --config /tmp/synth/config.toml`.

use std::path::PathBuf;

use chrono::NaiveDate;
use matome::config::{Config, KpiKind, Lang, Unit};
use matome::write::template::{build_template, Filling};
use rayon::prelude::*;
use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut units = 100usize;
    let mut files_per_unit = 1usize;
    let mut out = PathBuf::from("synth");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--units" => units = args.next().ok_or("--units needs a number")?.parse()?,
            "--files-per-unit" => {
                files_per_unit = args.next().ok_or("--files-per-unit needs a number")?.parse()?;
                if !(1..=12).contains(&files_per_unit) {
                    return Err("--files-per-unit must be 1 to 12".into());
                }
            }
            "--out" => out = PathBuf::from(args.next().ok_or("--out needs a folder")?),
            other => {
                return Err(format!("unknown argument {other}; use --units N [--files-per-unit K] --out DIR").into())
            }
        }
    }
    let text = toml::to_string(&synthetic_config(units))?;
    // Loading it back validates it, as matome will.
    let config = Config::from_toml(&text, &out.join("config.toml"))?;
    let submissions = out.join("submissions");
    std::fs::create_dir_all(&submissions)?;
    std::fs::write(out.join("config.toml"), text)?;
    if files_per_unit > 1 {
        (0..units).into_par_iter().try_for_each(|unit| write_year(&config, unit, files_per_unit, &submissions))?;
        println!("{units} units × {files_per_unit} files in {}", submissions.display());
        return Ok(());
    }
    let as_of = NaiveDate::from_ymd_opt(2021, 6, 14).expect("valid date");
    (0..units).into_par_iter().try_for_each(|unit| -> Result<(), String> {
        let filling = filling(&config, unit, as_of, 3);
        let name = format!("{}_6月分.xlsx", config.units[unit].name);
        let folder = if unit % 20 == 7 { submissions.join("追加分") } else { submissions.clone() };
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        let path = folder.join(name);
        let mut workbook = if unit % 10 == 3 {
            moved_layout(&config, unit, &filling).map_err(|e| e.to_string())?
        } else {
            build_template(&config, unit, Lang::Ja, Some(&filling)).map_err(|e| e.to_string())?
        };
        workbook.save(&path).map_err(|e| e.to_string())
    })?;
    println!("{units} submissions in {}", submissions.display());
    Ok(())
}

/// The default KPIs, reported by every unit, for `units` branches.
fn synthetic_config(units: usize) -> Config {
    let mut config = Config::default_config();
    config.organisation.name = format!("合成テスト連合会（{units} 支所）");
    config.units = (0..units)
        .map(|i| Unit { id: format!("u{i:05}"), name: format!("支所{i:05}"), name_en: None, aliases: Vec::new() })
        .collect();
    for kpi in &mut config.kpis {
        kpi.units = None;
        if !kpi.unit_targets.is_empty() {
            let each = kpi.unit_targets.values().sum::<f64>() / kpi.unit_targets.len() as f64;
            kpi.unit_targets = config.units.iter().map(|u| (u.id.clone(), each.round())).collect();
        }
        if kpi.kind == KpiKind::Balance {
            kpi.opening = Some(130.0 * units as f64);
            kpi.target = Some(134.0 * units as f64);
        } else if let Some(target) = kpi.target.filter(|_| kpi.kind != KpiKind::Ratio) {
            kpi.target = Some((target / 4.0 * units as f64).round());
        }
    }
    config
}

/// A small deterministic generator, so the same N gives the same files.
fn noise(unit: usize, kpi: usize, month: usize) -> u64 {
    let mut x = (unit as u64) << 32 ^ (kpi as u64) << 8 ^ month as u64;
    x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 29;
    x.wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 40
}

/// The unit's figures for the first `months` fiscal months, dated `as_of`.
fn filling(config: &Config, unit: usize, as_of: NaiveDate, months: usize) -> Filling {
    let mut filling = Filling { report_date: Some(as_of), ..Filling::default() };
    let visited = config.kpi_index("small_visited");
    let area = config.kpi_index("small_in_area");
    for (kpi, entry) in config.kpis.iter().enumerate().filter(|(_, k)| k.kind.is_input()) {
        for month in 0..months {
            let n = noise(unit, kpi, month);
            let value = match (Some(kpi) == visited, Some(kpi) == area, entry.id.as_str()) {
                // Small businesses visited so far: a level that only grows, below those in the area.
                (true, _, _) if month < 3 => 30.0 * (month as f64 + 1.0) + (n % 10) as f64,
                (true, _, _) => 100.0 + 8.0 * (month as f64 - 3.0) + (n % 8) as f64,
                (_, true, _) => 200.0 + (noise(unit, kpi, 0) % 100) as f64,
                (_, _, "visits" | "consultations") => 40.0 + (n % 30) as f64,
                _ => (n % 4) as f64,
            };
            filling.values.insert((kpi, month), value);
        }
    }
    // One unit in fifty makes a mistake the checker must find.
    if unit % 50 == 11 {
        let visits = config.kpi_index("visits").expect("default KPI");
        match unit % 3 {
            0 => filling.values.remove(&(visits, 0)),
            1 => filling.values.insert((visits, 1), -4.0),
            _ => filling.typed_totals.insert(visits, 999.0),
        };
    }
    filling
}

/// A unit's year as `files` workbooks of consecutive months, each dated at
/// the end of its last month.
fn write_year(config: &Config, unit: usize, files: usize, submissions: &std::path::Path) -> Result<(), String> {
    let year = filling(config, unit, matome::calendar::month_end(config, 11), 12);
    let revises = unit % 4 == 1;
    for file in 0..files {
        let (first, last) = (file * 12 / files, (file + 1) * 12 / files - 1);
        let mut part = Filling { report_date: Some(matome::calendar::month_end(config, last)), ..Filling::default() };
        for (&(kpi, month), &value) in &year.values {
            if (first..=last).contains(&month) {
                part.values.insert((kpi, month), value);
            } else if revises
                && first > 0
                && month == first - 1
                && matches!(config.kpis[kpi].id.as_str(), "visits" | "consultations")
            {
                // The month before, sent again with a corrected figure.
                part.values.insert((kpi, month), value + 1.0);
            }
        }
        if file == 0 {
            part.typed_totals = year.typed_totals.clone();
        }
        let name = format!("{}_{}月分.xlsx", config.units[unit].name, config.calendar_month(last));
        let mut workbook = build_template(config, unit, Lang::Ja, Some(&part)).map_err(|e| e.to_string())?;
        workbook.save(submissions.join(name)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The same figures in a layout of the branch's own: the table moved to
/// row 8, column C, with note rows between the KPI rows.
fn moved_layout(config: &Config, unit: usize, filling: &Filling) -> Result<Workbook, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("6月報告")?;
    sheet.write_string(0, 0, format!("{} 月次報告", config.units[unit].name))?;
    sheet.write_string(2, 2, "支所名")?;
    sheet.write_string(2, 3, &config.units[unit].name)?;
    sheet.write_string(3, 2, "基準日")?;
    sheet.write_string(3, 3, "令和3年6月14日")?;
    let header = 7;
    sheet.write_string(header, 2, "項目")?;
    for month in 0..12 {
        sheet.write_string(header, 3 + month as u16, format!("{}月", config.calendar_month(month)))?;
    }
    let mut row = header + 1;
    for (kpi, entry) in config.kpis.iter().enumerate().filter(|(_, k)| k.kind.is_input()) {
        sheet.write_string(row, 2, &entry.label)?;
        for month in 0..12 {
            if let Some(value) = filling.values.get(&(kpi, month)) {
                sheet.write_number(row, 3 + month as u16, *value)?;
            }
        }
        row += 1;
        if kpi % 7 == 3 {
            sheet.write_string(row, 2, "※ 6月は途中経過")?;
            row += 1;
        }
    }
    Ok(workbook)
}
