//! The JSON printers: the whole report for `consolidate --json`, the
//! findings alone for `check --format json`. Both carry each finding's
//! message in the chosen language beside its fields.

use serde::Serialize;

use crate::check::Checked;
use crate::config::{Config, Lang};
use crate::consolidate::Report;
use crate::findings::{count, Finding};
use crate::i18n;

#[derive(Serialize)]
struct FindingWithMessage<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    message: String,
}

#[derive(Serialize)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn with_messages<'a>(findings: &'a [Finding], config: &Config, lang: Lang) -> Vec<FindingWithMessage<'a>> {
    findings
        .iter()
        .map(|finding| FindingWithMessage { finding, message: i18n::message(lang, finding, config) })
        .collect()
}

fn counts(findings: &[Finding]) -> Counts {
    let (errors, warnings, infos) = count(findings);
    Counts { errors, warnings, infos }
}

pub fn report_json(report: &Report, config: &Config, lang: Lang) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        #[serde(flatten)]
        report: &'a Report,
        counts: Counts,
        findings: Vec<FindingWithMessage<'a>>,
    }
    let document =
        Document { report, counts: counts(&report.findings), findings: with_messages(&report.findings, config, lang) };
    serde_json::to_string_pretty(&document).expect("the report serialises")
}

pub fn findings_json(checked: &Checked, config: &Config, lang: Lang) -> String {
    let findings = &checked.findings;
    #[derive(Serialize)]
    struct Document<'a> {
        as_of: chrono::NaiveDate,
        counts: Counts,
        findings: Vec<FindingWithMessage<'a>>,
    }
    let document =
        Document { as_of: checked.as_of, counts: counts(findings), findings: with_messages(findings, config, lang) };
    serde_json::to_string_pretty(&document).expect("findings serialise")
}
