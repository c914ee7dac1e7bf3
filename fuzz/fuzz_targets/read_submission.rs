//! Fuzz the submission reader: any bytes, any format, must give a
//! submission or a finding, never a panic, a hang or an unbounded allocation.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use matome::config::Config;

fuzz_target!(|data: &[u8]| {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        // read_bytes catches the parsers' panics and reports them as
        // findings; libFuzzer's hook would abort on them first. A panic in
        // matome's own code, inside the reader or not, still aborts and
        // counts as a crash.
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !(matome::read::in_reader() && matome::read::is_foreign_panic(info.location())) {
                fuzzer_hook(info);
            }
        }));
        Config::default_config()
    });
    let _ = matome::read::read_bytes(data, "勝北.xlsx", config);
});
