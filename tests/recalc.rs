//! Every formula matome writes, recalculated by LibreOffice, equals the
//! value matome cached (the project's `tests/tools/recalc.py`). Needs
//! LibreOffice: where it is missing (a bare machine running `cargo test`)
//! the test says so and checks nothing; `.ci/run` installs it, so CI
//! always checks.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

fn tools_present() -> bool {
    let soffice = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    let python = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    soffice && python
}

/// recalc.py's verdict on a workbook: (formula cells, mismatches).
fn recalc(book: &Path) -> (usize, usize) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/recalc.py");
    let output = Command::new("python3").arg(script).arg(book).output().expect("python3 runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    let line = text.lines().find(|l| l.starts_with("recalc:")).unwrap_or_else(|| panic!("{text}"));
    let numbers: Vec<usize> = line.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    (numbers[0], numbers[1])
}

#[test]
fn libreoffice_recalculates_every_formula_to_the_cached_value() {
    if !tools_present() {
        // CI installs LibreOffice and says so: there a missing tool is a failure.
        assert!(std::env::var_os("MATOME_REQUIRE_LIBREOFFICE").is_none(), "LibreOffice is required here");
        eprintln!("LibreOffice or python3 is not installed here: recalculation not checked");
        return;
    }
    let federation = tempfile::tempdir().unwrap();
    let members = federation.path().join("岡山県商工会連合会");
    std::fs::create_dir_all(&members).unwrap();
    let default = String::from_utf8(matome(&["config"]).stdout).unwrap();
    for member in ["真庭東商工会", "美作商工会"] {
        let config = federation.path().join(format!("{member}.toml"));
        std::fs::write(&config, default.replacen("作州津山商工会", member, 1)).unwrap();
        consolidate_into(&samples_dir(), federation.path(), "2021-06-14", &["--config", config.to_str().unwrap()]);
        std::fs::rename(federation.path().join("report.xlsx"), members.join(format!("{member}.xlsx"))).unwrap();
    }
    // A chamber's report, a year's, and a federation's from its members' reports.
    for (inputs, as_of) in
        [(samples_dir(), "2021-06-14"), (fixtures_dir().join("year"), "2021-06-14"), (members, "2021-06-14")]
    {
        let out = tempfile::tempdir().unwrap();
        consolidate_into(&inputs, out.path(), as_of, &[]);
        let (cells, mismatches) = recalc(&out.path().join("report.xlsx"));
        assert!(cells > 400, "{cells} formula cells");
        assert_eq!(mismatches, 0, "{}", inputs.display());
    }
}
