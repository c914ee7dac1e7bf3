//! Recognition stays linear in the cells of a sheet: `check` on lists that
//! are not reports (a price list with product codes that look like
//! year-months, a list whose first column holds dates only in its last
//! rows), of 500 to 32,000 rows, against the floor: calamine alone parsing
//! the same file and touching every cell, measured in the same run.
//!
//!   cargo run --release --example bench_lists [-- repeats]
//!
//! Prints, for each shape and size, the floor, matome's check, the time per
//! cell of each and their ratio: flat per-cell times mean linear.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Data, Reader};
use matome::{check_inputs, CheckOptions, Config};
use rust_xlsxwriter::Workbook;

const SIZES: [u32; 4] = [500, 2_000, 8_000, 32_000];

#[derive(Clone, Copy)]
enum Shape {
    /// Codes such as 「2145.1」, 「R40/2」 and 「2142/12」 down column A.
    PriceList,
    /// Plain codes down column A, and three month dates in its last rows.
    LateDates,
}

fn write_list(path: &Path, shape: Shape, rows: u32) -> Result<u64, Box<dyn std::error::Error>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (col, heading) in ["Code", "Description", "Price", "Stock"].iter().enumerate() {
        sheet.write(0, col as u16, *heading)?;
    }
    for i in 1..=rows {
        let code = match shape {
            Shape::PriceList => match i % 3 {
                0 => format!("{}.{}", 2100 + i % 60, i % 9 + 1),
                1 => format!("R{}/{}", 40 + i % 20, i % 12 + 1),
                _ => format!("{}/{}", 2100 + i % 60, i % 12 + 1),
            },
            Shape::LateDates => format!("P{i:05}"),
        };
        sheet.write(i, 0, code)?;
        sheet.write(i, 1, format!("Item number {i}"))?;
        sheet.write(i, 2, f64::from(i) * 0.5)?;
        sheet.write(i, 3, f64::from(i % 500))?;
    }
    if let Shape::LateDates = shape {
        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm");
        for (k, month) in (4..7).enumerate() {
            let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, month, 1)?;
            sheet.write_datetime_with_format(rows + 1 + k as u32, 0, &date, &format)?;
        }
    }
    book.save(path)?;
    Ok(u64::from(rows + 1) * 4)
}

fn parse_every_cell(path: &Path) -> usize {
    let mut book = open_workbook_auto(path).expect("opens");
    let names = book.sheet_names().to_vec();
    names
        .iter()
        .filter_map(|n| book.worksheet_range(n).ok())
        .map(|r| r.used_cells().filter(|(_, _, d)| **d != Data::Empty).count())
        .sum()
}

fn best_of(repeats: usize, mut run: impl FnMut()) -> Duration {
    (0..repeats)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let repeats: usize = std::env::args().nth(1).map(|r| r.parse()).transpose()?.unwrap_or(5);
    let dir = tempfile_dir()?;
    let config = Config::default_config();
    println!(
        "{:<11} {:>7} {:>8} {:>10} {:>10} {:>11} {:>11} {:>6}",
        "shape", "rows", "cells", "floor", "check", "floor/cell", "check/cell", "ratio"
    );
    for (name, shape) in [("price list", Shape::PriceList), ("late dates", Shape::LateDates)] {
        for rows in SIZES {
            let path = dir.join(format!("{}_{rows}.xlsx", name.replace(' ', "_")));
            let cells = write_list(&path, shape, rows)?;
            let floor = best_of(repeats, || assert!(parse_every_cell(&path) > 0));
            let options =
                CheckOptions { as_of: None, expected_units: matome::check::ExpectedUnits::None, keep_sources: false };
            let check = best_of(repeats, || {
                let checkup = check_inputs(std::slice::from_ref(&path), &config, options, None).expect("checks");
                assert!(checkup.checked.findings.iter().any(|f| f.code.as_str() == "F008"));
            });
            let per_cell = |d: Duration| d.as_secs_f64() * 1e9 / cells as f64;
            println!(
                "{name:<11} {rows:>7} {cells:>8} {:>8.1}ms {:>8.1}ms {:>9.0}ns {:>9.0}ns {:>6.2}",
                floor.as_secs_f64() * 1e3,
                check.as_secs_f64() * 1e3,
                per_cell(floor),
                per_cell(check),
                check.as_secs_f64() / floor.as_secs_f64()
            );
        }
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn tempfile_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("matome-bench-lists-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
