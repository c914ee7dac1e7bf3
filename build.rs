//! The Windows program's resource: its version and what it is, as
//! Explorer's file properties show them (from Cargo.toml). No other target
//! has one.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut resource = winresource::WindowsResource::new();
    resource
        .set("FileDescription", "matome（まとめ）: 支所の月次報告を集計し、誤りのあるセルを知らせる")
        .set("ProductName", "matome")
        .set("OriginalFilename", "matome.exe");
    if let Err(error) = resource.compile() {
        panic!("the Windows resource could not be compiled (is gcc-mingw-w64-x86-64 installed?): {error}");
    }
}
