//! Property tests: for generated organisations and submissions, the totals
//! read back from the written workbook equal the sum of the values the
//! checker accepted; and reading damaged files never panics.

mod common;

use common::*;
use matome::{check_inputs, consolidate::consolidate, read::read_bytes, write, CheckOptions, Config};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Typed {
    Count(u32),
    Blank,
    Negative,
    Fraction,
    Word,
}

impl Typed {
    fn cell(&self) -> String {
        match self {
            Typed::Count(n) => n.to_string(),
            Typed::Blank => String::new(),
            Typed::Negative => "-2".into(),
            Typed::Fraction => "1.5".into(),
            Typed::Word => "未集計".into(),
        }
    }

    /// What the checker must count for it in fiscal month `month`: April
    /// and May have ended on 2021-06-14 (a blank there is 0); June has not
    /// (a blank is nothing yet). Anything else is excluded.
    fn accepted(&self, month: usize) -> Option<f64> {
        match self {
            Typed::Count(n) => Some(f64::from(*n)),
            Typed::Blank if month < 2 => Some(0.0),
            _ => None,
        }
    }
}

fn typed() -> impl Strategy<Value = Typed> {
    prop_oneof![
        6 => (0u32..500).prop_map(Typed::Count),
        1 => Just(Typed::Blank),
        1 => Just(Typed::Negative),
        1 => Just(Typed::Fraction),
        1 => Just(Typed::Word),
    ]
}

fn config(units: usize) -> String {
    let mut text = String::from(
        "[organisation]\nname = \"検証\"\nfiscal_year = 2021\n\n[[groups]]\nid = \"g\"\nlabel = \"主要\"\n\n\
         [[kpis]]\nid = \"visits\"\nlabel = \"巡回件数\"\nkind = \"flow\"\ngroup = \"g\"\ntarget = 1000\n",
    );
    for unit in 0..units {
        text.push_str(&format!("\n[[units]]\nid = \"u{unit}\"\nname = \"支所{unit}\"\n"));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn written_totals_equal_the_accepted_values(
        // Up to 64 units, so both the full-grid and the constant-memory writers are exercised.
        submissions in prop::collection::vec(prop::collection::vec(typed(), 3), 1..64)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("in");
        std::fs::create_dir(&inputs).unwrap();
        let config = Config::from_toml(&config(submissions.len()), std::path::Path::new("test.toml")).unwrap();
        let mut expected_months: [Option<f64>; 3] = [None; 3];
        for (unit, months) in submissions.iter().enumerate() {
            let mut cells: Vec<String> = months.iter().map(Typed::cell).collect();
            cells.resize(12, String::new());
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            let rows = vec![row(&["支所名", &format!("支所{unit}")]), row(&["基準日", "2021-06-14"]), row(&[]), month_header(), kpi_row("巡回件数", &refs)];
            write_grid(&inputs.join(format!("{unit}.xlsx")), "報告", 0, 0, &rows);
            for (month, typed) in months.iter().enumerate() {
                if let Some(value) = typed.accepted(month) {
                    expected_months[month] = Some(expected_months[month].unwrap_or(0.0) + value);
                }
            }
        }
        let checkup = check_inputs(std::slice::from_ref(&inputs), &config, CheckOptions { as_of: None, expected_units: matome::check::ExpectedUnits::Every, keep_sources: false }, None).unwrap();
        let report = consolidate(&checkup.checked, &config);
        let out = dir.path().join("report.xlsx");
        write::write_report(&report, &config, &write::WriteOptions::default(), &out).unwrap();

        let summary = read_sheet(&out, "総括");
        let row = find_row(&summary, 1, "巡回件数");
        prop_assert_eq!(number_at(&summary, row, 4), expected_months.iter().flatten().sum::<f64>());
        let sheet = read_sheet(&out, "主要");
        let total = find_row(&sheet, 0, "合計");
        for (month, expected) in expected_months.iter().enumerate() {
            // A month nobody has a count for yet stays blank.
            match expected {
                Some(expected) => prop_assert_eq!(number_at(&sheet, total, 1 + month as u32), *expected),
                None => prop_assert_eq!(text_at(&sheet, total, 1 + month as u32), ""),
            }
        }
        // Each unit's row holds exactly what was accepted for it.
        for (unit, months) in submissions.iter().enumerate() {
            let unit_row = find_row(&sheet, 0, &format!("支所{unit}"));
            let sum: f64 = months.iter().enumerate().filter_map(|(m, t)| t.accepted(m)).sum();
            prop_assert_eq!(number_at(&sheet, unit_row, 13), sum);
        }
    }

    #[test]
    fn damaged_files_never_make_matome_panic(flips in prop::collection::vec((0usize..1_000_000, any::<u8>()), 1..40), cut in 0usize..100) {
        let config = Config::default_config();
        let bytes = damaged(std::fs::read(samples_dir().join("久米_R3.6報告.xlsx")).unwrap(), &flips, cut);
        count_own_panics();
        let before = OWN_PANICS.with(|n| n.get());
        // A parser's panic is caught and becomes a finding; one of ours fails.
        let _ = read_bytes(&bytes, "久米.xlsx", &config);
        prop_assert_eq!(OWN_PANICS.with(|n| n.get()), before, "matome's own code panicked");
    }

    #[test]
    fn damaged_zips_mails_and_text_never_make_matome_panic(
        flips in prop::collection::vec((0usize..1_000_000, any::<u8>()), 1..40),
        cut in 0usize..100,
        which in 0usize..4,
    ) {
        // June's folder as it arrives: a zip with a CP932 name, a mail, a
        // CSV, an Outlook mail; each damaged as a mail server might.
        let arrivals = fixtures_dir().join("arrivals");
        let files = [
            arrivals.join("month/勝北_6月分.zip"),
            arrivals.join("month/加茂支所より_6月分.eml"),
            arrivals.join("month/久米支所_6月分.csv"),
            arrivals.join("outlook/勝北支所より.msg"),
        ];
        let config = Config::default_config();
        let bytes = damaged(std::fs::read(&files[which]).unwrap(), &flips, cut);
        count_own_panics();
        let before = OWN_PANICS.with(|n| n.get());
        let name = files[which].file_name().unwrap().to_string_lossy().into_owned();
        let read = read_bytes(&bytes, &name, &config);
        prop_assert!(!read.is_empty(), "every file is read or named");
        prop_assert_eq!(OWN_PANICS.with(|n| n.get()), before, "matome's own code panicked");
    }
}

thread_local! {
    static OWN_PANICS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Count panics in matome's own code on this thread, whether or not they
/// are caught further up.
/// A file's bytes with some changed and its end cut off (up to a quarter),
/// as a mail server or a full disk leaves them.
fn damaged(mut bytes: Vec<u8>, flips: &[(usize, u8)], cut: usize) -> Vec<u8> {
    let len = bytes.len();
    for &(position, value) in flips {
        bytes[position % len] = value;
    }
    bytes.truncate(len - len * cut / 400);
    bytes
}

fn count_own_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !matome::read::is_foreign_panic(info.location()) {
                OWN_PANICS.with(|n| n.set(n.get() + 1));
            }
            previous(info);
        }));
    });
}
