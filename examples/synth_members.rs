//! Member organisations' matome reports, for the federation benchmark: the
//! samples consolidated once, then written as the report of each of N
//! member chambers (the national count is 1,650), in parallel.
//!
//!   cargo run --release --example synth_members -- --members 1650 --out /tmp/m1650
//!   cargo run --release --example bench -- /tmp/m1650 3
//!
//! The reports go to OUT/submissions/ (no config.toml: the bench then rolls
//! them up under settings derived from them, as `consolidate` does).

use std::path::PathBuf;

use matome::{check_inputs, consolidate::consolidate, write, CheckOptions, Config};
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut members, mut out) = (1650usize, PathBuf::from("/tmp/members"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--members" => members = args.next().ok_or("--members needs a number")?.parse()?,
            "--out" => out = PathBuf::from(args.next().ok_or("--out needs a folder")?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let config = Config::default_config();
    let options = CheckOptions { as_of: chrono::NaiveDate::from_ymd_opt(2021, 6, 14), ..Default::default() };
    let checkup = check_inputs(std::slice::from_ref(&samples), &config, options, None)?;
    let report = consolidate(&checkup.checked, &config);
    let folder = out.join("submissions");
    std::fs::create_dir_all(&folder)?;
    (0..members).into_par_iter().try_for_each(|index| {
        let mut member = config.clone();
        member.organisation.name = format!("会員{:04}商工会", index + 1);
        let path = folder.join(format!("{}_6月.xlsx", member.organisation.name));
        write::write_report(&report, &member, &write::WriteOptions::default(), &path).map_err(|e| e.to_string())
    })?;
    println!("{members} member reports in {}", folder.display());
    Ok(())
}
