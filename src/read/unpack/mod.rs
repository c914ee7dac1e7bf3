//! What arrived, opened: a zip, a mail saved from the mail program (.eml)
//! or from Outlook (.msg) is opened and each file it holds handed on as a
//! file of its own, named `outer › inner`; a file that is neither a
//! spreadsheet, a text table nor one of these is named with the reason it
//! is not read, never passed over in silence. Everything opened is held to
//! the limits a file is: its size, and here how many files and how deep.

mod encrypted;
mod mail;

pub(crate) use encrypted::is_encrypted_package;
mod outlook;

use std::borrow::Cow;
use std::io::{Cursor, Read};

use crate::config::Config;
pub use crate::findings::PART_SEPARATOR;
use crate::findings::{Code, Finding, Location, Reason, Treatment};

/// Zips in mails in zips: deeper than this is not opened.
const MAX_DEPTH: usize = 3;
/// Files a zip or a mail may hold, all told.
const MAX_ENTRIES: usize = 1_000;

/// One file to read, as it arrived or as it came out of a zip or a mail.
pub struct Arrived<'a> {
    /// The path users see: the file's, then each part's (`PART_SEPARATOR`).
    pub name: String,
    pub bytes: Cow<'a, [u8]>,
    pub kind: Kind,
    /// The mail it came in: sender and date, as the mail says.
    pub sender: Option<String>,
    /// What a password the user gave opened to reach it (F014).
    pub protected: Option<Protected>,
}

/// What was protected by a password: the workbook, or a zip it came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protected {
    Workbook,
    Zip,
}

impl Protected {
    /// F014's `found`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protected::Workbook => "workbook",
            Protected::Zip => "zip",
        }
    }
}

/// What a file is, by its content first and its name where content does
/// not tell (a CSV is text like any other).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// xlsx, xlsm, xlsb, xls, ods: the workbook reader's.
    Workbook,
    /// An xlsx or xlsm encrypted with a password (a compound file holding
    /// the encrypted package).
    EncryptedWorkbook,
    /// CSV or tab-separated text.
    Text,
    Zip,
    Mail,
    OutlookMail,
    /// Not read, and why: a document, a picture, anything else.
    NotRead(NotRead),
}

/// Why a file in the folder is not read (F013).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotRead {
    Pdf,
    Word,
    Picture,
    Text,
    Other,
}

impl NotRead {
    pub fn as_str(self) -> &'static str {
        match self {
            NotRead::Pdf => "pdf",
            NotRead::Word => "word",
            NotRead::Picture => "picture",
            NotRead::Text => "text",
            NotRead::Other => "other",
        }
    }
}

const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "xlsb"];
const TEXT_TABLE_EXTENSIONS: &[&str] = &["csv", "tsv"];

/// The file name's extension, in lower case.
pub fn extension(name: &str) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.rsplit_once('.').map(|(_, ext)| ext.to_lowercase()).unwrap_or_default()
}

/// What a file of this name is not, where its name alone tells (so that a
/// front end need not read a PDF or a film to be told it is not read).
pub fn not_read_by_name(name: &str) -> Option<NotRead> {
    match extension(name).as_str() {
        "pdf" => Some(NotRead::Pdf),
        "doc" | "docx" | "docm" | "rtf" | "odt" | "ppt" | "pptx" | "odp" => Some(NotRead::Word),
        "jpg" | "jpeg" | "png" | "gif" | "bmp" | "tif" | "tiff" | "heic" | "webp" | "mp4" | "mov" => {
            Some(NotRead::Picture)
        }
        _ => None,
    }
}

/// What a file is, by its bytes and then its name.
pub fn kind(name: &str, bytes: &[u8]) -> Kind {
    let extension = extension(name);
    if let Some(not_read) = not_read_by_name(name) {
        return Kind::NotRead(not_read);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // A workbook is a zip too: its parts tell it apart.
        let workbook = WORKBOOK_EXTENSIONS.contains(&extension.as_str()) || is_package(bytes);
        return if workbook { Kind::Workbook } else { Kind::Zip };
    }
    if bytes.starts_with(&super::COMPOUND_FILE) {
        return if extension == "msg" || outlook::is_outlook_mail(bytes) {
            Kind::OutlookMail
        } else if encrypted::is_encrypted_package(bytes) {
            Kind::EncryptedWorkbook
        } else {
            Kind::Workbook
        };
    }
    if extension == "eml" || (extension != "csv" && mail::looks_like_mail(bytes)) {
        return Kind::Mail;
    }
    if TEXT_TABLE_EXTENSIONS.contains(&extension.as_str()) {
        return Kind::Text;
    }
    if WORKBOOK_EXTENSIONS.contains(&extension.as_str()) {
        return Kind::Workbook;
    }
    if extension == "txt" {
        return if super::text_table::is_delimited(bytes) { Kind::Text } else { Kind::NotRead(NotRead::Text) };
    }
    if super::is_workbook_content(bytes) {
        return Kind::Workbook;
    }
    Kind::NotRead(NotRead::Other)
}

/// A zip whose entries make it an Office or OpenDocument file.
fn is_package(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else { return true };
    archive.index_for_name("[Content_Types].xml").is_some() || archive.by_name("mimetype").is_ok()
}

/// The F013 finding: a file in the folder that is not read.
pub fn not_read_finding(name: &str, why: NotRead) -> Finding {
    Finding::new(Code::NotRead, Location::file(name), Treatment::FileSkipped).found(why.as_str())
}

/// Every file to read in what arrived: itself, or what it holds; what
/// cannot be opened or is not read, as findings.
pub fn unpack<'a>(name: &str, bytes: &'a [u8], config: &Config) -> Vec<Result<Arrived<'a>, Box<Finding>>> {
    let mut out = Vec::new();
    let mut budget = Budget { entries: MAX_ENTRIES, bytes: config.limits.max_file_bytes.saturating_mul(8) };
    let arrived = Arrived {
        name: name.to_string(),
        bytes: Cow::Borrowed(bytes),
        kind: kind(name, bytes),
        sender: None,
        protected: None,
    };
    open_into(arrived, 0, config, &mut budget, &mut out);
    out
}

/// How much more a zip or a mail may unpack.
struct Budget {
    entries: usize,
    bytes: u64,
}

fn open_into<'a>(
    arrived: Arrived<'a>,
    depth: usize,
    config: &Config,
    budget: &mut Budget,
    out: &mut Vec<Result<Arrived<'a>, Box<Finding>>>,
) {
    let parts = match arrived.kind {
        Kind::Workbook | Kind::Text => return out.push(Ok(arrived)),
        Kind::NotRead(why) => return out.push(Err(Box::new(not_read_finding(&arrived.name, why)))),
        Kind::EncryptedWorkbook => return out.push(decrypted(arrived, config)),
        _ if depth >= MAX_DEPTH => {
            return out.push(Err(Box::new(Finding::unreadable(&arrived.name, Reason::TooDeep))));
        }
        Kind::Zip => zip_entries(&arrived.name, &arrived.bytes, config, budget),
        Kind::Mail => mail::attachments(&arrived.name, &arrived.bytes),
        Kind::OutlookMail => outlook::attachments(&arrived.name, &arrived.bytes, &config.limits),
    };
    let parts = match parts {
        Ok(parts) => parts,
        Err(finding) => return out.push(Err(finding)),
    };
    if parts.is_empty() {
        return out.push(Err(Box::new(not_read_finding(&arrived.name, NotRead::Other).reason(Reason::NothingInside))));
    }
    for part in parts {
        match part {
            Ok(Part { name, bytes, sender, protected }) => {
                if budget.entries == 0 || (bytes.len() as u64) > budget.bytes.min(config.limits.max_file_bytes) {
                    let detail = format!("{} bytes", bytes.len());
                    out.push(Err(Box::new(Finding::unreadable(&name, Reason::TooLarge).detail(detail))));
                    continue;
                }
                budget.entries -= 1;
                budget.bytes -= bytes.len() as u64;
                let kind = kind(&name, &bytes);
                let sender = sender.or_else(|| arrived.sender.clone());
                let protected = protected.or(arrived.protected);
                let part = Arrived { name, bytes: Cow::Owned(bytes), kind, sender, protected };
                open_into(part, depth + 1, config, budget, out);
            }
            Err(finding) => out.push(Err(finding)),
        }
    }
}

/// An encrypted workbook, decrypted with a password the user gave (or
/// Excel's default one) and handed on as the workbook it holds; or why it
/// is not read.
fn decrypted<'a>(arrived: Arrived<'a>, config: &Config) -> Result<Arrived<'a>, Box<Finding>> {
    match encrypted::decrypt(&arrived.bytes, &config.passwords, &config.limits) {
        Ok(decrypted) => Ok(Arrived {
            bytes: Cow::Owned(decrypted.bytes),
            kind: Kind::Workbook,
            protected: if decrypted.by_default_password { arrived.protected } else { Some(Protected::Workbook) },
            ..arrived
        }),
        Err(reason) => Err(Box::new(Finding::unreadable(&arrived.name, reason))),
    }
}

/// One file a zip or mail holds.
struct Part {
    name: String,
    bytes: Vec<u8>,
    sender: Option<String>,
    /// Opened with a password.
    protected: Option<Protected>,
}

type Parts = Result<Vec<Result<Part, Box<Finding>>>, Box<Finding>>;

/// A zip's files (folders and Excel lock files aside), each within the
/// limits; an entry with a password is opened with one the user gave.
fn zip_entries(name: &str, bytes: &[u8], config: &Config, budget: &Budget) -> Parts {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Box::new(Finding::unreadable(name, Reason::Damaged).detail(e.to_string())))?;
    let mut parts = Vec::new();
    for index in 0..archive.len().min(MAX_ENTRIES) {
        let Ok(raw) = archive.by_index_raw(index) else { continue };
        let entry_name = entry_name(raw.name_raw());
        let (is_dir, encrypted, size) = (raw.is_dir(), raw.encrypted(), raw.size());
        drop(raw);
        let file_name = entry_name.rsplit('/').next().unwrap_or("").to_string();
        if is_dir || file_name.is_empty() || file_name.starts_with("~$") || file_name.starts_with('.') {
            continue;
        }
        let part_name = format!("{name}{PART_SEPARATOR}{entry_name}");
        if size > config.limits.max_file_bytes.min(budget.bytes) {
            parts
                .push(Err(Box::new(Finding::unreadable(&part_name, Reason::TooLarge).detail(format!("{size} bytes")))));
            continue;
        }
        let limit = config.limits.max_file_bytes;
        let read = read_entry(&mut archive, index, encrypted, &config.passwords, limit);
        let protected = encrypted.then_some(Protected::Zip);
        parts.push(match read {
            Ok(bytes) => Ok(Part { name: part_name, bytes, sender: None, protected }),
            Err(reason) => Err(Box::new(Finding::unreadable(&part_name, reason))),
        });
    }
    Ok(parts)
}

/// An entry's bytes, trying each password given for an encrypted one.
fn read_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    encrypted: bool,
    passwords: &[String],
    limit: u64,
) -> Result<Vec<u8>, Reason> {
    // The size an entry declares may lie: no more than the limit is read.
    let read_within = |entry: zip::read::ZipFile<'_, Cursor<&[u8]>>| {
        let mut bytes = Vec::new();
        match entry.take(limit + 1).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() as u64 > limit => Err(Reason::TooLarge),
            Ok(_) => Ok(bytes),
            Err(_) => Err(Reason::Damaged),
        }
    };
    if !encrypted {
        return read_within(archive.by_index(index).map_err(|_| Reason::Damaged)?);
    }
    for password in passwords {
        let Ok(entry) = archive.by_index_decrypt(index, password.as_bytes()) else { continue };
        // ZipCrypto's check byte lets a wrong password through one time in
        // 256: the entry's checksum, checked on reading, catches it.
        match read_within(entry) {
            Err(Reason::Damaged) => continue,
            other => return other,
        }
    }
    Err(if passwords.is_empty() { Reason::Encrypted } else { Reason::WrongPassword })
}

/// An entry's name: UTF-8 where it is (flagged or not), else CP932, as a
/// zip made by Japanese Windows' Explorer names its files.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::SHIFT_JIS.decode_without_bom_handling(raw).0.into_owned(),
    }
    .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_japanese_windows_zips_are_cp932() {
        let (raw, _, _) = encoding_rs::SHIFT_JIS.encode("勝北支所_6月分(修正).xlsx");
        assert_eq!(entry_name(&raw), "勝北支所_6月分(修正).xlsx");
        assert_eq!(entry_name("加茂/報告.xlsx".as_bytes()), "加茂/報告.xlsx");
    }

    #[test]
    fn what_a_file_is_by_its_name_where_content_does_not_tell() {
        assert_eq!(kind("本部_6月分.pdf", b"%PDF-1.4"), Kind::NotRead(NotRead::Pdf));
        assert_eq!(kind("久米.csv", "項目,4月\n巡回件数,3\n".as_bytes()), Kind::Text);
        assert_eq!(kind("メモ.txt", "来月は遅れます".as_bytes()), Kind::NotRead(NotRead::Text));
        assert_eq!(kind("加茂.eml", b"From: a@b\r\n\r\nhi"), Kind::Mail);
    }
}
