//! A mail saved from Outlook (.msg): a compound file whose attachments are
//! storages `__attach_version1.0_#NNNNNNNN`, each with its data
//! (property 0x3701, binary) and its file name (0x3707 long, else 0x3704);
//! the sender is 0x0C1A (name) and 0x0C1F (address), the time sent
//! 0x0039 in the fixed-size properties stream.

use std::io::{Cursor, Read};

use super::{mail::clean_name, Part, Parts, PART_SEPARATOR};
use crate::config::Limits;
use crate::findings::{Finding, Reason};

type Msg<'a> = cfb::CompoundFile<Cursor<&'a [u8]>>;

/// Whether a compound file is a mail: it has the property streams every
/// Outlook item has (its directory names them in UTF-16).
pub fn is_outlook_mail(bytes: &[u8]) -> bool {
    let marker: Vec<u8> = "__properties_version1.0".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(marker.len()).any(|window| window == marker.as_slice())
}

/// The mail's attached files (an attached mail or object is named, not
/// opened), with who sent it when.
pub fn attachments(name: &str, bytes: &[u8], limits: &Limits) -> Parts {
    let damaged = |detail: String| Box::new(Finding::unreadable(name, Reason::Damaged).detail(detail));
    let padded;
    let mut msg = match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(msg) => msg,
        Err(error) if error.to_string().contains("Malformed FAT") => {
            // Some writers end the file at its last used sector, short of
            // what its last FAT sector maps (512-byte sectors, 128 to a FAT
            // sector): the missing sectors are unused, and read as zeros.
            let span = 128 * 512;
            let length = 512 + (bytes.len().saturating_sub(512)).div_ceil(span) * span;
            padded = [bytes, &vec![0; length - bytes.len()]].concat();
            cfb::CompoundFile::open(Cursor::new(padded.as_slice())).map_err(|_| damaged(error.to_string()))?
        }
        Err(error) => return Err(damaged(error.to_string())),
    };
    let sender = sender(&mut msg, limits);
    let storages: Vec<String> = msg
        .read_root_storage()
        .filter(|entry| entry.is_storage() && entry.name().starts_with("__attach_version1.0_#"))
        .map(|entry| entry.name().to_string())
        .collect();
    let mut parts = Vec::new();
    for (index, storage) in storages.iter().enumerate() {
        let text = |msg: &mut Msg<'_>, id: &str| string_property(msg, &format!("/{storage}/__substg1.0_{id}"), limits);
        let file = text(&mut msg, "3707001F")
            .or_else(|| text(&mut msg, "3704001F"))
            .or_else(|| text(&mut msg, "3707001E"))
            .map_or_else(|| format!("attachment-{}", index + 1), |n| clean_name(&n));
        let part_name = format!("{name}{PART_SEPARATOR}{file}");
        parts.push(match stream(&mut msg, &format!("/{storage}/__substg1.0_37010102"), limits) {
            Ok(Some(bytes)) => Ok(Part { name: part_name, bytes, sender: sender.clone(), protected: None }),
            // An attached mail or OLE object holds no file of its own.
            Ok(None) => Err(Box::new(super::not_read_finding(&part_name, super::NotRead::Other))),
            Err(reason) => Err(Box::new(Finding::unreadable(&part_name, reason))),
        });
    }
    Ok(parts)
}

/// A stream's bytes within the limit; `None` where there is no such stream.
fn stream(msg: &mut Msg<'_>, path: &str, limits: &Limits) -> Result<Option<Vec<u8>>, Reason> {
    if !msg.is_stream(path) {
        return Ok(None);
    }
    let stream = msg.open_stream(path).map_err(|_| Reason::Damaged)?;
    if stream.len() > limits.max_file_bytes {
        return Err(Reason::TooLarge);
    }
    let mut bytes = Vec::with_capacity(stream.len() as usize);
    stream.take(limits.max_file_bytes).read_to_end(&mut bytes).map_err(|_| Reason::Damaged)?;
    Ok(Some(bytes))
}

/// A string property: UTF-16 (type 001F) or the mail's code page, taken
/// as CP932 (001E).
fn string_property(msg: &mut Msg<'_>, path: &str, limits: &Limits) -> Option<String> {
    let bytes = stream(msg, path, limits).ok()??;
    let text = if path.ends_with("001F") {
        let units: Vec<u16> = bytes.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes).0.into_owned()
    };
    let text = text.trim_end_matches('\0').trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// 「山田 花子 <yamada@example.jp>, 2021-06-10 09:12」, as far as the mail
/// says.
fn sender(msg: &mut Msg<'_>, limits: &Limits) -> Option<String> {
    let name = string_property(msg, "/__substg1.0_0C1A001F", limits);
    let address = string_property(msg, "/__substg1.0_0C1F001F", limits).filter(|a| a.contains('@'));
    let from = match (name, address) {
        (Some(name), Some(address)) if name != address => Some(format!("{name} <{address}>")),
        (name, address) => name.or(address),
    };
    let date = sent_at(msg, limits);
    match (from, date) {
        (Some(from), Some(date)) => Some(format!("{from}, {date}")),
        (from, date) => from.or(date),
    }
}

/// The time the mail was sent (PR_CLIENT_SUBMIT_TIME), from the top-level
/// properties stream: a 32-byte header, then 16-byte entries of tag,
/// flags and an 8-byte value (a FILETIME, in UTC).
fn sent_at(msg: &mut Msg<'_>, limits: &Limits) -> Option<String> {
    let bytes = stream(msg, "/__properties_version1.0", limits).ok()??;
    let entries = bytes.get(32..)?.chunks_exact(16);
    let value = entries
        .map(|entry| (u32::from_le_bytes(entry[0..4].try_into().unwrap()), &entry[8..16]))
        .find(|(tag, _)| *tag == 0x0039_0040 || *tag == 0x0E06_0040)?
        .1;
    let filetime = u64::from_le_bytes(value.try_into().ok()?);
    // FILETIME counts 100 ns from 1601-01-01.
    let seconds = (filetime / 10_000_000) as i64 - 11_644_473_600;
    let time = chrono::DateTime::from_timestamp(seconds, 0)?;
    Some(time.format("%Y-%m-%d %H:%M UTC").to_string())
}
