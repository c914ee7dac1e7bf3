//! The monthly job over files given as named bytes, with no I/O of its
//! own: each file's name (its path relative to the folder, as users see
//! it) and its bytes in; the findings, the report and its JSON out as data
//! and bytes. The command line walks folders and reads files (in parallel)
//! into it; the page hands it what the browser read, one file at a time.
//! Only what is judged of each file is kept, never its bytes.

use std::path::Path;

use crate::check::{self, CheckOptions, Digest};
use crate::config::{Config, Lang};
use crate::consolidate::Report;
use crate::findings::{Code, Finding, Reason};
use crate::marker::Reported;
use crate::read;

/// What scanning, reading and checking a set of inputs gives.
pub struct Checkup {
    pub files_read: usize,
    /// Other organisations' matome reports among the files (members'
    /// reports, for a federation), as their marker sheets tell them.
    pub member_reports: Vec<Reported>,
    /// Reports of the configuration's own organisation (F009): members too,
    /// when a federation rolls up a folder holding other members' reports.
    pub own_reports: Vec<Reported>,
    pub checked: crate::check::Checked,
}

impl Checkup {
    /// Every organisation's report to roll up into a federation's, when
    /// the inputs hold reports of organisations other than the
    /// configuration's: those, and one named like the configuration's
    /// (which under the embedded default may be just another member).
    pub fn reports_to_roll_up(&mut self) -> Option<Vec<Reported>> {
        if self.member_reports.is_empty() {
            return None;
        }
        let mut reports = std::mem::take(&mut self.member_reports);
        reports.append(&mut self.own_reports);
        Some(reports)
    }
}

/// What one file gave: its judged figures or the finding that skips it,
/// and, for a matome report, what its marker sheet says (with whether it is
/// the configuration's own organisation's).
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub digest: Result<Digest, Box<Finding>>,
    pub report: Option<(Reported, bool)>,
    /// A part of a file already counted (a zip's second entry, a
    /// workbook's second unit): the summary counts files that arrived.
    pub later_part: bool,
}

impl Outcome {
    /// A file that could not even be handed over (a folder entry that
    /// could not be read).
    pub fn skipped(finding: Box<Finding>) -> Outcome {
        Outcome { digest: Err(finding), report: None, later_part: false }
    }
}

/// Whether a file of this name (relative to the folder, `/` between
/// folders) is looked at: not an Excel lock file (`~$…`), in no hidden
/// folder and not hidden itself. Every other file is read, or named as
/// not read (F013).
pub fn is_candidate(name: &str) -> bool {
    let mut parts = name.split(['/', '\\']).filter(|part| !part.is_empty());
    let file = parts.next_back().unwrap_or("");
    !file.is_empty()
        && !file.starts_with("~$")
        && !file.starts_with('.')
        && !parts.any(|folder| folder.starts_with('.'))
}

/// Whether a file's bytes are needed to judge it: not for one whose name
/// says it is not read (a PDF, a picture), which need not be loaded.
pub fn needs_bytes(name: &str) -> bool {
    read::unpack::not_read_by_name(name).is_none()
}

/// Read one file that arrived and judge what it holds (a submission, or
/// several: a zip's, a mail's, a workbook of several units) as far as
/// each can be without the others.
pub fn read_file(name: &str, bytes: &[u8], config: &Config, options: CheckOptions) -> Vec<Outcome> {
    if let Some(why) = read::unpack::not_read_by_name(name) {
        return vec![Outcome::skipped(Box::new(read::unpack::not_read_finding(name, why)))];
    }
    if bytes.len() as u64 > config.limits.max_file_bytes {
        let finding = Finding::unreadable(name, Reason::TooLarge).detail(format!(
            "{} > {} bytes",
            bytes.len(),
            config.limits.max_file_bytes
        ));
        return vec![Outcome::skipped(Box::new(finding))];
    }
    let mut outcomes: Vec<Outcome> =
        read::read_bytes(bytes, name, config).into_iter().map(|read| outcome(read, bytes, config, options)).collect();
    outcomes.iter_mut().skip(1).for_each(|outcome| outcome.later_part = true);
    outcomes
}

fn outcome(
    read: Result<read::Submission, Box<Finding>>,
    bytes: &[u8],
    config: &Config,
    options: CheckOptions,
) -> Outcome {
    match read {
        Ok(mut submission) => {
            let digest = check::digest(&submission, config, options);
            let report = submission.member_report.take().map(|report| (*report, false));
            Outcome { digest: Ok(digest), report, later_part: false }
        }
        // The organisation's own report: what it says is kept, in case the
        // folder is a federation's.
        Err(finding) if finding.code == Code::OwnReport => {
            let own = read::matome_report_in(bytes, &config.limits).map(|report| (report, true));
            Outcome { digest: Err(finding), report: own, later_part: false }
        }
        Err(finding) => Outcome::skipped(finding),
    }
}

/// A file's outcomes as bytes, for another session to take
/// (`decode_outcomes`): the page judges files in several workers and
/// gathers them in one. Field names are kept, so what a field left out
/// (an empty list in JSON) still reads back.
pub fn encode_outcomes(outcomes: &[Outcome]) -> Vec<u8> {
    rmp_serde::to_vec_named(outcomes).expect("outcomes are plain data")
}

/// Outcomes `encode_outcomes` gave, as they were.
pub fn decode_outcomes(bytes: &[u8]) -> Result<Vec<Outcome>, String> {
    rmp_serde::from_slice(bytes).map_err(|error| error.to_string())
}

/// Every file's outcome checked together: the units' years merged, the
/// units that sent nothing named, the report date worked out.
pub fn gather(outcomes: Vec<Outcome>, config: &Config, options: CheckOptions) -> Checkup {
    let files_read = outcomes.iter().filter(|outcome| !outcome.later_part).count();
    let mut digests = Vec::with_capacity(outcomes.len());
    let (mut member_reports, mut own_reports) = (Vec::new(), Vec::new());
    for outcome in outcomes {
        digests.push(outcome.digest);
        match outcome.report {
            Some((report, true)) => own_reports.push(report),
            Some((report, false)) => member_reports.push(report),
            None => {}
        }
    }
    let checked = check::check_digested(digests, config, options);
    Checkup { files_read, member_reports, own_reports, checked }
}

/// The report workbook's bytes. `input_root` and `output` place the links
/// to the source files (none when either is unknown, as in the page).
pub fn report_workbook(
    report: &Report,
    config: &Config,
    lang: Lang,
    input_root: Option<&Path>,
    output: Option<&Path>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let options = crate::write::WriteOptions { lang, input_root: input_root.map(Path::to_path_buf) };
    crate::write::build_workbook(report, config, &options, output)?.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_handed_over_keeps_its_cell_and_sheet() {
        let cell = crate::findings::CellRef::new(31, 15).on_sheet(2);
        let location = crate::findings::Location::cell("勝北支所.xlsx", "7月", cell);
        let finding = Finding::new(Code::Unreadable, location, crate::findings::Treatment::FileSkipped)
            .reason(Reason::WrongPassword)
            .detail("詳細");
        let handed = decode_outcomes(&encode_outcomes(&[Outcome::skipped(Box::new(finding.clone()))])).unwrap();
        match &handed[..] {
            [Outcome { digest: Err(back), report: None, later_part: false }] => assert_eq!(**back, finding),
            _ => panic!("one skipped outcome was handed over"),
        }
        // The report's JSON still names the cell in A1 form.
        assert_eq!(serde_json::to_value(cell).unwrap(), "P32");
    }

    #[test]
    fn the_files_a_folder_walk_would_read() {
        for name in ["勝北支所_6月分(修正).xlsx", "2021/06/加茂.ODS", "久米.xls", "本部_6月分.pdf", "説明.txt"]
        {
            assert!(is_candidate(name), "{name}");
        }
        for name in ["~$勝北.xlsx", ".加茂_old.xlsx", ".下書き/加茂.xlsx", ""] {
            assert!(!is_candidate(name), "{name}");
        }
    }
}
