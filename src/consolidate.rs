//! Accepted values → the `Report`: per KPI the units × months table, each
//! unit's year to date, month totals, the cumulative total, progress against
//! the annual target and where it stands against the year's pace. Derived
//! KPIs are computed here. Nothing in this module knows about Excel.

use chrono::NaiveDate;
use serde::Serialize;

use std::collections::HashMap;

use crate::calendar::{elapsed_days, elapsed_share, month_end, month_state, year_to_date, MonthState};
use crate::check::{Checked, UsedFile};
use crate::config::{Config, KpiKind};
use crate::findings::{Code, Figure, Finding, Severity};
use crate::marker::LastYear;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub organisation: String,
    pub fiscal_year: i32,
    pub as_of: NaiveDate,
    /// Share of the fiscal year elapsed on the report date.
    pub expected_pace: f64,
    /// Fiscal months (index) that have begun by the report date.
    pub months_elapsed: usize,
    pub units: Vec<UnitReport>,
    pub kpis: Vec<KpiReport>,
    /// Every figure a later file of a unit changed (the M001 findings).
    pub revisions: Vec<Revision>,
    /// Printed with their messages by the JSON printer.
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

/// A month's figure that a later file changed.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub unit: String,
    pub kpi: String,
    /// Calendar month, 1 to 12.
    pub month: u32,
    pub before: Figure,
    pub after: Figure,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    pub id: String,
    pub name: String,
    /// The latest of its files: the one with the last word.
    pub file: Option<String>,
    pub report_date: Option<NaiveDate>,
    /// Its worst finding, in any of its files.
    pub status: UnitStatus,
    pub errors: usize,
    pub warnings: usize,
    /// Every file of the unit, in the order they speak.
    pub files: Vec<FileReport>,
}

/// One file of a unit: what of it was used, and its own findings.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    #[serde(flatten)]
    pub used: UsedFile,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    Clean,
    Warnings,
    Errors,
    Missing,
}

/// Where a KPI stands against the year's pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    OnPace,
    SlightlyBehind,
    FarBehind,
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiReport {
    pub id: String,
    pub label: String,
    pub kind: KpiKind,
    pub group: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub progress: Option<f64>,
    /// The progress expected on the report date at an even pace.
    pub expected_progress: Option<f64>,
    pub standing: Option<Standing>,
    /// Where the target plans the year to be at each month's end, when
    /// there is one (kept out of the JSON report, as before).
    #[serde(skip)]
    pub plan: Option<Vec<f64>>,
    /// All units, by fiscal month (April first for the default).
    pub months: Vec<Option<f64>>,
    /// Running total (a level for stocks and balances, a ratio for ratios),
    /// up to the report month.
    pub cumulative: Vec<Option<f64>>,
    pub units: Vec<UnitLine>,
    /// Last fiscal year's result (前年度実績).
    pub previous: Option<f64>,
    /// Last year's figure for the same months (前年同期): its months summed
    /// up to the report month, or its level then.
    pub previous_to_date: Option<f64>,
    /// This year's actual ÷ last year's for the same months (前年同期比).
    pub previous_ratio: Option<f64>,
    /// Last year's running total by month (a level for levels), when its
    /// months are known: drawn beside this year's in the KPI's chart.
    pub previous_cumulative: Option<Vec<Option<f64>>>,
}

/// Whether a KPI's series are levels (a month-end figure) rather than counts.
pub fn is_level(kind: KpiKind) -> bool {
    matches!(kind, KpiKind::Stock | KpiKind::Balance | KpiKind::Ratio)
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitLine {
    pub unit: String,
    pub months: Vec<Option<f64>>,
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub progress: Option<f64>,
    /// Where the unit stands on this KPI against the year's pace (the
    /// page's units × items picture).
    pub standing: Option<Standing>,
}

/// Consolidate with last year's figures from the configuration.
pub fn consolidate(checked: &Checked, config: &Config) -> Report {
    consolidate_with(checked, config, &LastYear::from_config(config))
}

/// Consolidate, setting each KPI beside `last_year`'s figures.
pub fn consolidate_with(checked: &Checked, config: &Config, last_year: &LastYear) -> Report {
    let as_of = checked.as_of;
    let mut year = Year {
        config,
        months_elapsed: (0..12).filter(|&m| month_state(config, m, as_of) != MonthState::Future).count(),
        expected_pace: elapsed_share(config, as_of),
        accepted_by_unit: vec![None; config.units.len()],
        unit_values: Vec::with_capacity(config.kpis.len()),
    };
    for accepted in &checked.accepted {
        year.accepted_by_unit[accepted.unit] = Some(accepted);
    }
    // KPIs in configuration order: a derived KPI's parts come before it.
    let kpis = (0..config.kpis.len()).map(|index| year.kpi_report(index, last_year)).collect();
    Report {
        organisation: config.organisation.name.clone(),
        fiscal_year: config.organisation.fiscal_year,
        as_of,
        expected_pace: year.expected_pace,
        months_elapsed: year.months_elapsed,
        units: unit_reports(checked, config, &year.accepted_by_unit),
        kpis,
        revisions: revisions(&checked.findings, config),
        findings: checked.findings.clone(),
    }
}

/// A figure by fiscal month.
type Series = Vec<Option<f64>>;

/// The year being consolidated, KPI by KPI.
struct Year<'a> {
    config: &'a Config,
    months_elapsed: usize,
    expected_pace: f64,
    accepted_by_unit: Vec<Option<&'a crate::check::Accepted>>,
    /// `[kpi][unit][fiscal month]`, for the KPIs done so far.
    unit_values: Vec<Vec<Vec<Option<f64>>>>,
}

impl Year<'_> {
    fn kpi_report(&mut self, index: usize, last_year: &LastYear) -> KpiReport {
        let (config, kpi) = (self.config, &self.config.kpis[index]);
        let per_unit = self.unit_series(index);
        let lines = self.unit_lines(index, &per_unit);
        let (months, cumulative, actual) = self.organisation_series(index, &per_unit);
        self.unit_values.push(per_unit);
        let target = config.target(index);
        let progress = progress(actual, target);
        // A balance is on pace when its gain is: 664 → 680 members is +16.
        let pace_progress = match (kpi.kind, actual, target, kpi.opening) {
            (KpiKind::Balance, Some(actual), Some(target), Some(opening)) if target != opening => {
                Some((actual - opening) / (target - opening))
            }
            _ => progress,
        };
        let expected_progress = match (kpi.kind, target, kpi.opening) {
            (KpiKind::Balance, Some(target), Some(opening)) if target != 0.0 => {
                Some((opening + self.expected_pace * (target - opening)) / target)
            }
            (_, Some(_), _) => Some(self.expected_pace),
            _ => None,
        };
        let last = last_year.kpis.get(&kpi.id);
        let (previous, previous_to_date) = match last {
            Some((result, months)) => last_year_figures(kpi.kind, *result, months.as_deref(), self.months_elapsed),
            None => (None, None),
        };
        let previous_cumulative = last.and_then(|(_, months)| months.as_deref()).map(|months| {
            (0..12)
                .map(|m| if is_level(kpi.kind) { months[m] } else { sum_present(months[..=m].iter().copied()) })
                .collect()
        });
        KpiReport {
            id: kpi.id.clone(),
            label: kpi.label.clone(),
            kind: kpi.kind,
            group: kpi.group.clone(),
            target,
            actual,
            progress,
            expected_progress,
            standing: pace_progress.map(|p| standing(p, self.expected_pace, config)),
            plan: target.map(|target| plan(config, kpi, target)),
            months,
            cumulative,
            units: lines,
            previous,
            previous_to_date,
            previous_ratio: ratio(actual, previous_to_date),
            previous_cumulative,
        }
    }

    /// Each unit's months of KPI `index`: as checked for an input, computed
    /// from its parts' for a derived KPI.
    fn unit_series(&self, index: usize) -> Vec<Vec<Option<f64>>> {
        let (config, kpi) = (self.config, &self.config.kpis[index]);
        let parts: Vec<usize> = kpi.of.iter().filter_map(|id| config.kpi_index(id)).collect();
        let values = &self.unit_values;
        (0..config.units.len())
            .map(|unit| match kpi.kind {
                KpiKind::Flow | KpiKind::Stock => {
                    self.accepted_by_unit[unit].map(|a| a.values[index].clone()).unwrap_or_else(|| vec![None; 12])
                }
                KpiKind::Sum => combine(parts.iter().map(|&p| &values[p][unit]), |a, b| a + b),
                KpiKind::Difference => combine([&values[parts[0]][unit], &values[parts[1]][unit]], |a, b| a - b),
                KpiKind::Balance => values[parts[0]][unit].clone(),
                KpiKind::Ratio => {
                    let (top, bottom) = (&values[parts[0]][unit], &values[parts[1]][unit]);
                    let (top_kind, bottom_kind) = (config.kpis[parts[0]].kind, config.kpis[parts[1]].kind);
                    (0..12)
                        .map(|m| {
                            let level =
                                |kind, series| (m < self.months_elapsed).then(|| running(kind, series, m)).flatten();
                            ratio(level(top_kind, top), level(bottom_kind, bottom))
                        })
                        .collect()
                }
            })
            .collect()
    }

    /// Whether `unit` is left out of ratio KPI `index` (its figures contradict).
    fn excluded(&self, index: usize, unit: usize) -> bool {
        self.accepted_by_unit[unit].is_some_and(|a| a.excluded_ratios.contains(&index))
    }

    /// The line of each unit that reports KPI `index`: months, year to date,
    /// target, progress.
    fn unit_lines(&self, index: usize, per_unit: &[Vec<Option<f64>>]) -> Vec<UnitLine> {
        let (config, kpi) = (self.config, &self.config.kpis[index]);
        let parts: Vec<usize> = kpi.of.iter().filter_map(|id| config.kpi_index(id)).collect();
        let unit_actual = |unit: usize| -> Option<f64> {
            match kpi.kind {
                KpiKind::Ratio if self.excluded(index, unit) => None,
                KpiKind::Ratio => {
                    let part = |p: usize| year_to_date(config.kpis[p].kind, &self.unit_values[p][unit]);
                    ratio(part(parts[0]), part(parts[1]))
                }
                KpiKind::Balance => year_to_date(KpiKind::Flow, &per_unit[unit]),
                kind => year_to_date(kind, &per_unit[unit]),
            }
        };
        config
            .kpi_units(index)
            .iter()
            .map(|&unit| {
                let actual = unit_actual(unit);
                let target = config.unit_target(index, unit);
                let progress = progress(actual, target);
                UnitLine {
                    unit: config.units[unit].id.clone(),
                    months: per_unit[unit].clone(),
                    actual,
                    target,
                    progress,
                    standing: progress.map(|p| standing(p, self.expected_pace, config)),
                }
            })
            .collect()
    }

    /// The organisation's months, running total and actual for KPI `index`.
    fn organisation_series(&self, index: usize, per_unit: &[Series]) -> (Series, Series, Option<f64>) {
        let (config, kpi) = (self.config, &self.config.kpis[index]);
        let units = config.kpi_units(index);
        let elapsed = self.months_elapsed;
        match kpi.kind {
            KpiKind::Ratio => {
                let parts: Vec<usize> = kpi.of.iter().filter_map(|id| config.kpi_index(id)).collect();
                let counted: Vec<usize> = units.iter().copied().filter(|&u| !self.excluded(index, u)).collect();
                let level = |p: usize, m: usize| {
                    sum_present(counted.iter().map(|&u| running(config.kpis[p].kind, &self.unit_values[p][u], m)))
                };
                let by_month: Vec<Option<f64>> = (0..12)
                    .map(|m| if m < elapsed { ratio(level(parts[0], m), level(parts[1], m)) } else { None })
                    .collect();
                let actual = ratio(level(parts[0], 11), level(parts[1], 11));
                (by_month.clone(), by_month, actual)
            }
            KpiKind::Stock => {
                let month_sums = (0..12).map(|m| sum_present(units.iter().map(|&u| per_unit[u][m]))).collect();
                let levels: Vec<Option<f64>> = (0..12)
                    .map(|m| {
                        let level = || sum_present(units.iter().map(|&u| running(KpiKind::Stock, &per_unit[u], m)));
                        if m < elapsed {
                            level()
                        } else {
                            None
                        }
                    })
                    .collect();
                let actual = sum_present(units.iter().map(|&u| year_to_date(KpiKind::Stock, &per_unit[u])));
                (month_sums, levels, actual)
            }
            KpiKind::Flow | KpiKind::Sum | KpiKind::Difference | KpiKind::Balance => {
                let month_sums: Vec<Option<f64>> =
                    (0..12).map(|m| sum_present(units.iter().map(|&u| per_unit[u][m]))).collect();
                let opening = kpi.opening.unwrap_or(0.0);
                let mut total = opening;
                let cumulative: Vec<Option<f64>> = (0..12)
                    .map(|m| {
                        total += month_sums[m].unwrap_or(0.0);
                        (m < elapsed).then_some(total)
                    })
                    .collect();
                let actual = month_sums.iter().flatten().copied().reduce(|a, b| a + b).map(|s| s + opening);
                let actual = if kpi.kind == KpiKind::Balance { Some(actual.unwrap_or(opening)) } else { actual };
                (month_sums, cumulative, actual)
            }
        }
    }
}

/// The plan for a KPI's `target`: spread evenly over the year, whole days
/// to each month's end over the year's days (for a balance, its opening
/// plus the planned gain).
fn plan(config: &Config, kpi: &crate::config::Kpi, target: f64) -> Vec<f64> {
    (0..12)
        .map(|month| {
            // In the order the sheet's formula computes it, so that the
            // cached value is the recalculated one to the last bit.
            let (days, year) = elapsed_days(config, month_end(config, month));
            match kpi.opening.filter(|_| kpi.kind == KpiKind::Balance) {
                Some(opening) => opening + (target - opening) * days as f64 / year as f64,
                None => target * days as f64 / year as f64,
            }
        })
        .collect()
}

fn unit_reports(
    checked: &Checked,
    config: &Config,
    accepted_by_unit: &[Option<&crate::check::Accepted>],
) -> Vec<UnitReport> {
    let mut by_unit = vec![(0, 0); config.units.len()];
    let mut by_file: HashMap<(usize, &str), (usize, usize)> = HashMap::new();
    for finding in &checked.findings {
        let Some(unit) = finding.unit.as_deref().and_then(|id| config.unit_index(id)) else { continue };
        let file = by_file.entry((unit, finding.location.file.as_str())).or_default();
        match finding.severity {
            Severity::Error => {
                by_unit[unit].0 += 1;
                file.0 += 1;
            }
            Severity::Warning => {
                by_unit[unit].1 += 1;
                file.1 += 1;
            }
            Severity::Info => {}
        }
    }
    config
        .units
        .iter()
        .enumerate()
        .map(|(index, unit)| {
            let accepted = accepted_by_unit[index];
            let (errors, warnings) = by_unit[index];
            let status = match (accepted, errors, warnings) {
                (None, _, _) => UnitStatus::Missing,
                (_, e, _) if e > 0 => UnitStatus::Errors,
                (_, _, w) if w > 0 => UnitStatus::Warnings,
                _ => UnitStatus::Clean,
            };
            let files: Vec<FileReport> = accepted
                .map(|a| a.files.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|used| {
                    let (errors, warnings) = by_file.get(&(index, used.file.as_str())).copied().unwrap_or_default();
                    FileReport { used: used.clone(), errors, warnings }
                })
                .collect();
            let latest = files.last().map(|f| &f.used);
            UnitReport {
                id: unit.id.clone(),
                name: unit.name.clone(),
                file: latest.map(|f| f.file.clone()),
                report_date: latest.and_then(|f| f.report_date),
                status,
                errors,
                warnings,
                files,
            }
        })
        .collect()
}

/// The revisions, as the M001 findings record them, by unit, KPI and month.
fn revisions(findings: &[Finding], config: &Config) -> Vec<Revision> {
    let mut revisions: Vec<Revision> = findings
        .iter()
        .filter(|f| f.code == Code::Revised)
        .filter_map(|f| {
            Some(Revision {
                unit: f.unit.clone()?,
                kpi: f.kpi.clone()?,
                month: f.month?,
                before: f.previous.clone()?,
                after: Figure { location: f.location.clone(), value: f.found.clone()? },
            })
        })
        .collect();
    revisions.sort_by_cached_key(|r| {
        (config.unit_index(&r.unit), config.kpi_index(&r.kpi), config.month_index(r.month), r.after.location.clone())
    });
    revisions
}

/// Last year's result and its figure for the months elapsed this year.
fn last_year_figures(
    kind: KpiKind,
    result: Option<f64>,
    months: Option<&[Option<f64>]>,
    elapsed: usize,
) -> (Option<f64>, Option<f64>) {
    let Some(months) = months else { return (result, None) };
    let (year, to_date) = if is_level(kind) {
        (
            months.iter().rev().flatten().next().copied(),
            elapsed.checked_sub(1).and_then(|m| months[..=m].iter().rev().flatten().next().copied()),
        )
    } else {
        (sum_present(months.iter().copied()), sum_present(months[..elapsed.min(12)].iter().copied()))
    };
    (result.or(year), to_date)
}

/// Where a KPI stands: its progress over the pace expected by the report
/// date, against `config.thresholds` (on pace from `ahead`, slightly
/// behind from `behind`, far behind below). This is the rule; 総括's
/// standing formula and colours (`write::summary`) apply the same
/// thresholds to the live cells, and LibreOffice's recalculation in the
/// tests holds the two to the same answer.
fn standing(progress: f64, pace: f64, config: &Config) -> Standing {
    let ratio = if pace > 0.0 { progress / pace } else { f64::INFINITY };
    if ratio >= config.thresholds.ahead {
        Standing::OnPace
    } else if ratio >= config.thresholds.behind {
        Standing::SlightlyBehind
    } else {
        Standing::FarBehind
    }
}

/// The level of a series at month `m`: a stock's latest value so far, a
/// flow's running sum.
fn running(kind: KpiKind, months: &[Option<f64>], m: usize) -> Option<f64> {
    year_to_date(kind, &months[..=m])
}

fn ratio(top: Option<f64>, bottom: Option<f64>) -> Option<f64> {
    match (top, bottom) {
        (Some(top), Some(bottom)) if bottom != 0.0 => Some(top / bottom),
        _ => None,
    }
}

fn progress(actual: Option<f64>, target: Option<f64>) -> Option<f64> {
    match (actual, target) {
        (Some(actual), Some(target)) if target != 0.0 => Some(actual / target),
        (None, Some(target)) if target != 0.0 => Some(0.0),
        _ => None,
    }
}

/// The sum of the values present; `None` when none is.
fn sum_present(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    values.flatten().reduce(|a, b| a + b)
}

/// Month by month, `op` over the series that have a value (a missing value
/// counts as 0 beside a present one).
fn combine<'a>(series: impl IntoIterator<Item = &'a Vec<Option<f64>>>, op: fn(f64, f64) -> f64) -> Vec<Option<f64>> {
    let series: Vec<&Vec<Option<f64>>> = series.into_iter().collect();
    (0..12)
        .map(|m| {
            if series.iter().all(|s| s[m].is_none()) {
                return None;
            }
            let mut values = series.iter().map(|s| s[m].unwrap_or(0.0));
            let first = values.next()?;
            Some(values.fold(first, op))
        })
        .collect()
}
