//! What one session judged of a file, handed to another as bytes (the
//! page judges files in several workers and gathers them in one): the
//! report gathered from handed-over outcomes is the report gathered from
//! the outcomes themselves, to the byte.

mod common;

use std::path::PathBuf;

use common::{fixtures_dir, samples_dir, shohoku_sample_figures, unit_figures};
use matome::check::{CheckOptions, ExpectedUnits};
use matome::{job, Config, Lang};

/// Every file of `folders`, judged; each file's outcomes handed over
/// through bytes when `handed_over`. The report's JSON, its workbook and
/// the feedback workbooks (which mark each finding's cell on its sheet).
fn report_of(folders: &[PathBuf], config: &Config, handed_over: bool) -> (String, Vec<Vec<u8>>) {
    let options = CheckOptions { as_of: None, expected_units: ExpectedUnits::Every, keep_sources: true };
    let scanned = matome::scan::scan(folders, None).unwrap();
    assert!(scanned.files.len() >= 5);
    let mut outcomes = Vec::new();
    for file in &scanned.files {
        let bytes = std::fs::read(&file.path).unwrap();
        let judged = job::read_file(&file.display, &bytes, config, options);
        if handed_over {
            outcomes.extend(job::decode_outcomes(&job::encode_outcomes(&judged)).unwrap());
        } else {
            outcomes.extend(judged);
        }
    }
    let checkup = job::gather(outcomes, config, options);
    let report = matome::consolidate::consolidate(&checkup.checked, config);
    let json = matome::write::json::report_json(&report, config, Lang::Ja);
    // Linked to the cells each figure came from, on their sheets.
    let output = folders[0].join("report.xlsx");
    let linked = job::report_workbook(&report, config, Lang::Ja, Some(&folders[0]), Some(&output));
    let mut workbooks = vec![linked.unwrap()];
    let mut keep = |_: String, bytes: Vec<u8>| -> Result<(), String> {
        workbooks.push(bytes);
        Ok(())
    };
    matome::write::feedback::feedback_workbooks(&report, &checkup.checked, config, Lang::Ja, &mut keep, |e| {
        e.to_string()
    })
    .unwrap();
    (json, workbooks)
}

/// A workbook's parts, inflated, but for the time it was made.
fn every_part(workbook: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(workbook)).unwrap();
    let mut parts = Vec::new();
    for index in 0..zip.len() {
        let mut part = zip.by_index(index).unwrap();
        let name = part.name().unwrap().to_string();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut part, &mut text).unwrap();
        if name != "docProps/core.xml" {
            parts.push((name, text));
        }
    }
    parts
}

fn same_report_either_way(folders: &[PathBuf]) -> serde_json::Value {
    let config = Config::default_config();
    let (json, workbooks) = report_of(folders, &config, false);
    let (handed_json, handed_workbooks) = report_of(folders, &config, true);
    assert_eq!(handed_json, json);
    assert!(workbooks.len() > 1);
    assert_eq!(handed_workbooks.len(), workbooks.len());
    for (handed, workbook) in handed_workbooks.iter().zip(&workbooks) {
        assert_eq!(every_part(handed), every_part(workbook));
    }
    serde_json::from_str(&json).unwrap()
}

#[test]
fn the_samples_judged_in_one_session_and_gathered_in_another_give_the_same_report() {
    let json = same_report_either_way(&[samples_dir()]);
    // 勝北's figures as the command line reads them from its file alone.
    assert_eq!(unit_figures(&json, "shohoku"), shohoku_sample_figures());
}

#[test]
fn findings_of_every_kind_and_their_cells_survive_the_handover() {
    // Files as they arrive (zips, mails, CSV, a workbook of several units),
    // layouts, corrections, a federation's member reports, protected files
    // with no password: findings with cells on sheets other than the first.
    let folders: Vec<PathBuf> =
        ["arrivals", "kept", "layouts", "treatments", "federation", "year_quarters", "protected"]
            .iter()
            .map(|name| fixtures_dir().join(name))
            .collect();
    let json = same_report_either_way(&folders);
    let findings = json["findings"].as_array().unwrap();
    assert!(findings.len() > 20, "{}", findings.len());
    assert!(findings.iter().any(|f| f["location"]["cell"].is_string()));
}
