//! The benchmark: matome's full `consolidate` against the floor, measured
//! in one run on the same files, so a shared, noisy machine affects both.
//!
//! - floor, read: open and parse every file with calamine alone, in
//!   parallel, touching every cell;
//! - floor, write: a plain workbook with rust_xlsxwriter holding as many
//!   cells as the consolidated report, with no formatting;
//! - full: scan, read, check, consolidate and write the report, as
//!   `matome consolidate` does.
//!
//! Run on a folder made by the synth example:
//!   cargo run --release --example synth -- --units 1000 --out /tmp/s1000
//!   cargo run --release --example bench -- /tmp/s1000 [repeats]
//! Each measurement is the best of `repeats` runs (default 3).
//! `bench DIR floor [CELLS]` runs the floor once and exits — the read, and
//! with CELLS the write of a plain workbook of that many cells — as the
//! yardstick for timing the binary from outside (`benches/ratios.py`);
//! `bench DIR cells REPORT` prints how many cells a written report holds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Data, Reader};
use matome::{consolidate::consolidate, write, CheckOptions};
use rayon::prelude::*;
use walkdir::WalkDir;

// The allocator the binary uses (see main.rs), for matome and the floor alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    matome::allocator::tune_mimalloc();
    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: bench DIR [repeats]")?);
    let mode = std::env::args().nth(2).unwrap_or_default();
    if mode == "cells" {
        let report = PathBuf::from(std::env::args().nth(3).ok_or("usage: bench DIR cells REPORT")?);
        println!("{}", parse_every_cell(&report));
        return Ok(());
    }
    let floor_only = mode == "floor";
    let repeats: usize = if mode.is_empty() || floor_only { 3 } else { mode.parse()? };
    let submissions = dir.join("submissions");
    let files: Vec<PathBuf> = WalkDir::new(&submissions)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    if floor_only {
        let touched: usize = files.par_iter().map(|f| parse_every_cell(f)).sum();
        if let Some(cells) = std::env::args().nth(3) {
            let plain = std::env::temp_dir().join(format!("matome-floor-{}.xlsx", std::process::id()));
            write_plain(&plain, cells.parse()?);
            let _ = std::fs::remove_file(plain);
        }
        println!("{touched} cells");
        return Ok(());
    }
    // A folder of members' reports has no config.toml: it is rolled up, as
    // `consolidate` rolls it up, under settings derived from the reports.
    let config_file = Some(dir.join("config.toml")).filter(|path| path.exists());
    let out = dir.join("bench-report.xlsx");
    let plain = dir.join("bench-plain.xlsx");

    let mut stages = [Duration::MAX; 3];
    let full = best_of(repeats, || {
        let start = Instant::now();
        let options =
            CheckOptions { as_of: None, expected_units: matome::check::ExpectedUnits::Every, keep_sources: false };
        let inputs = std::slice::from_ref(&submissions);
        let (config, checkup) = matome::cli::check_inputs(
            config_file.as_ref(),
            inputs,
            options,
            Some(&out),
            &Default::default(),
            matome::Lang::Ja,
        )
        .expect("reads");
        let read = start.elapsed();
        let report = consolidate(&checkup.checked, &config);
        let consolidated = start.elapsed();
        let options = write::WriteOptions { input_root: Some(submissions.clone()), ..Default::default() };
        write::write_report(&report, &config, &options, &out).expect("writes");
        let times = [read, consolidated - read, start.elapsed() - consolidated];
        for (best, time) in stages.iter_mut().zip(times) {
            *best = (*best).min(time);
        }
    });
    let report_cells = parse_every_cell(&out);
    let read_floor = best_of(repeats, || {
        let touched: usize = files.par_iter().map(|f| parse_every_cell(f)).sum();
        assert!(touched > 0);
    });
    let write_floor = best_of(repeats, || write_plain(&plain, report_cells));
    let floor = read_floor + write_floor;
    println!("files            {}", files.len());
    println!("report cells     {report_cells}");
    println!("floor: read      {:>8.3} s", read_floor.as_secs_f64());
    println!("floor: write     {:>8.3} s", write_floor.as_secs_f64());
    println!("floor            {:>8.3} s", floor.as_secs_f64());
    println!("full consolidate {:>8.3} s", full.as_secs_f64());
    for (name, time) in ["scan+read+check", "consolidate", "write"].iter().zip(stages) {
        println!("  {name:<15}{:>8.3} s", time.as_secs_f64());
    }
    println!("ratio full/floor {:>8.2}", full.as_secs_f64() / floor.as_secs_f64());
    println!("ratio check/read {:>8.2}", stages[0].as_secs_f64() / read_floor.as_secs_f64());
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&plain);
    Ok(())
}

fn best_of(repeats: usize, mut run: impl FnMut()) -> Duration {
    (0..repeats.max(1))
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

/// Open a workbook and touch every cell of every sheet; returns the
/// number of non-empty cells.
fn parse_every_cell(path: &Path) -> usize {
    let mut workbook = open_workbook_auto(path).expect("opens");
    let mut touched = 0;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).expect("parses");
        touched += range.used_cells().filter(|(_, _, d)| !matches!(d, Data::Empty)).count();
    }
    touched
}

/// A workbook with `cells` numbers in rows of 16, no formatting.
fn write_plain(path: &Path, cells: usize) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for index in 0..cells {
        sheet.write_number((index / 16) as u32, (index % 16) as u16, index as f64).expect("writes");
    }
    workbook.save(path).expect("saves");
}
