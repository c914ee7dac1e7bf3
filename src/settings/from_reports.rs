//! A federation's settings from its members' matome reports, for a folder
//! of them consolidated without `--config` (and `init --from` such a
//! folder): the members are the units, named as their reports name their
//! organisations; the items are those every member reports, each as its
//! reports define it; a member's target is its report's, the federation's
//! their sum. The federation is named by its folder; a report of that name
//! in it is the federation's own, never a member's.
//!
//! A balance is a level to the level above (its members' month-end levels
//! add up); sums, differences and ratios stay derived, of the same parts.

use std::collections::HashMap;
use std::path::Path;

use crate::config::{Config, Group, Kpi, KpiKind, Lang, Limits, Organisation, Place, Thresholds, Unit};
use crate::error::MatomeError;
use crate::i18n;
use crate::marker::{Reported, ReportedLine};
use crate::text::normalize_label;

/// The settings for rolling up the members' `reports` into the federation
/// `name` (read from `input`, which names them in messages), or `None` when
/// none is of another organisation than the federation (its own report in
/// its folder).
pub fn roll_up_settings(name: String, input: &Path, reports: Vec<Reported>) -> Result<Option<Config>, MatomeError> {
    let own = normalize_label(&name);
    let mut reports: Vec<Reported> =
        reports.into_iter().filter(|r| r.organisation.as_deref().is_some_and(|o| normalize_label(o) != own)).collect();
    if reports.is_empty() {
        return Ok(None);
    }
    // Each member's latest report defines its items and targets.
    reports.sort_by_key(|r| std::cmp::Reverse(r.as_of));
    let members = latest_per_member(reports);
    let fiscal_year = most_common(members.iter().filter_map(|r| r.fiscal_year)).unwrap_or_default();
    let start_month = members.iter().find_map(|r| r.start_month).unwrap_or(4);
    let units: Vec<Unit> = members
        .iter()
        .enumerate()
        .map(|(index, report)| Unit {
            id: format!("member{}", index + 1),
            name: report.organisation.clone().unwrap_or_default(),
            name_en: None,
            aliases: Vec::new(),
        })
        .collect();
    let (groups, kpis) = items(&members, &units);
    let organisation = Organisation {
        name,
        name_en: None,
        report_title: crate::config::default_report_title(),
        report_title_en: None,
        fiscal_year,
        start_month,
        unit_word: Some(i18n::member_word(Lang::Ja).to_string()),
        unit_word_en: Some(i18n::member_word(Lang::En).to_string()),
    };
    Config::assemble(organisation, Thresholds::default(), Limits::default(), units, groups, kpis).map(Some).map_err(
        |(_, problem)| MatomeError::Config {
            path: input.to_path_buf(),
            place: Place::Whole,
            problem: Box::new(problem),
        },
    )
}

/// The federation's name: its folder's.
/// The federation a folder of members' reports is: the folder's name (of
/// the folder given, or of the one a file given is in).
pub fn federation_name(input: &Path) -> String {
    let folder =
        if input.is_dir() { input.to_path_buf() } else { input.parent().map(Path::to_path_buf).unwrap_or_default() };
    let folder = folder.canonicalize().unwrap_or(folder);
    folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Each member's latest report, members in name order.
fn latest_per_member(newest_first: Vec<Reported>) -> Vec<Reported> {
    let mut seen = std::collections::HashSet::new();
    let mut members: Vec<Reported> = newest_first
        .into_iter()
        .filter(|r| seen.insert(normalize_label(r.organisation.as_deref().unwrap_or_default())))
        .collect();
    members.sort_by(|a, b| a.organisation.cmp(&b.organisation));
    members
}

fn most_common(values: impl Iterator<Item = i32>) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    counts.into_iter().max_by_key(|&(value, count)| (count, value)).map(|(value, _)| value)
}

/// The items every member reports, in the first member's order, and their
/// groups.
fn items(members: &[Reported], units: &[Unit]) -> (Vec<Group>, Vec<Kpi>) {
    let line_of = |member: &Reported, id: &str| member.lines.iter().find(|l| l.id == id).cloned();
    let mut groups: Vec<Group> = Vec::new();
    let mut kpis: Vec<Kpi> = Vec::new();
    for line in &members[0].lines {
        let lines: Vec<ReportedLine> = members.iter().filter_map(|m| line_of(m, &line.id)).collect();
        let Some(kind) = line.kind.filter(|_| lines.len() == members.len()) else { continue };
        let kind = if kind == KpiKind::Balance { KpiKind::Stock } else { kind };
        // A derived item needs every part (kept above it).
        if !kind.is_input() && !line.parts.iter().all(|part| kpis.iter().any(|k| &k.id == part)) {
            continue;
        }
        let group_label = line.group.clone().unwrap_or_else(|| i18n::items_group_name(Lang::Ja).to_string());
        let group = match groups.iter().find(|g| g.label == group_label) {
            Some(group) => group.id.clone(),
            None => {
                let id = format!("group{}", groups.len() + 1);
                groups.push(Group { id: id.clone(), label: group_label, label_en: None });
                id
            }
        };
        let label = line.label.clone().unwrap_or_else(|| line.id.clone());
        let mut aliases: Vec<String> = lines.iter().filter_map(|l| l.label.clone()).filter(|l| *l != label).collect();
        aliases.dedup();
        let targets: Vec<Option<f64>> = lines.iter().map(|l| l.target).collect();
        let (target, unit_targets) = match kind {
            KpiKind::Flow | KpiKind::Stock => {
                let per_member = units.iter().zip(&targets).filter_map(|(u, t)| Some((u.id.clone(), (*t)?))).collect();
                (None, per_member)
            }
            // A ratio's target does not add up: kept where the members agree.
            KpiKind::Ratio => (targets[0].filter(|t| targets.iter().all(|o| *o == Some(*t))), Default::default()),
            _ => (targets.iter().copied().sum::<Option<f64>>(), Default::default()),
        };
        kpis.push(Kpi {
            id: line.id.clone(),
            label,
            label_en: None,
            aliases,
            kind,
            counter: line.counter.clone(),
            group,
            units: None,
            target,
            unit_targets,
            of: if kind.is_input() { Vec::new() } else { line.parts.clone() },
            opening: None,
            monotonic: false,
            value: line.value.unwrap_or_default(),
            unit: line.unit.clone(),
            previous: None,
            previous_months: None,
        });
    }
    (groups, kpis)
}
