//! A mail saved from the mail program (.eml): its attachments, named as
//! the mail names them (encoded words or RFC 2231, in any Japanese
//! character set mail-parser knows), and who sent it when.

use mail_parser::{Message, MessageParser, MimeHeaders};

use super::{Part, Parts, PART_SEPARATOR};
use crate::findings::{Finding, Reason};

/// Whether text opens with a mail's header lines (a mail saved without
/// the .eml extension).
pub fn looks_like_mail(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Ok(head) = std::str::from_utf8(head) else { return false };
    let first = head.lines().next().unwrap_or("");
    let is_header = |line: &str| line.split_once(':').is_some_and(|(key, _)| !key.is_empty() && !key.contains(' '));
    is_header(first)
        && ["\nFrom:", "\nMIME-Version:", "\nContent-Type:"]
            .iter()
            .filter(|h| head.contains(*h) || first.starts_with(&h[1..]))
            .count()
            >= 2
}

/// The mail's attachments, nested mails' attachments among them.
pub fn attachments(name: &str, bytes: &[u8]) -> Parts {
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| Box::new(Finding::unreadable(name, Reason::Damaged).detail("not a mail".to_string())))?;
    let mut parts = Vec::new();
    collect(&message, name, &mut parts, 0);
    Ok(parts)
}

fn collect(message: &Message<'_>, name: &str, parts: &mut Vec<Result<Part, Box<Finding>>>, depth: usize) {
    let sender = sender(message);
    for (index, attachment) in message.attachments().enumerate() {
        let file = attachment.attachment_name().map_or_else(|| format!("attachment-{}", index + 1), clean_name);
        let part_name = format!("{name}{PART_SEPARATOR}{file}");
        match attachment.message() {
            // A mail forwarded as an attachment: its own attachments.
            Some(inner) if depth < 2 => collect(inner, &part_name, parts, depth + 1),
            _ => parts.push(Ok(Part {
                name: part_name,
                bytes: attachment.contents().to_vec(),
                sender: sender.clone(),
                protected: None,
            })),
        }
    }
}

/// 「山田 花子 <yamada@example.jp>, 2021-06-10 09:12」.
fn sender(message: &Message<'_>) -> Option<String> {
    let from = message.from().and_then(|from| from.first()).map(|addr| match (addr.name(), addr.address()) {
        (Some(name), Some(address)) => format!("{name} <{address}>"),
        (Some(name), None) => name.to_string(),
        (None, Some(address)) => address.to_string(),
        (None, None) => String::new(),
    });
    let date =
        message.date().map(|d| format!("{:04}-{:02}-{:02} {:02}:{:02}", d.year, d.month, d.day, d.hour, d.minute));
    match (from, date) {
        (Some(from), Some(date)) => Some(format!("{from}, {date}")),
        (from, date) => from.or(date),
    }
}

/// An attachment's name as a file name: no folders, nothing to climb out
/// of the output folder with.
pub(super) fn clean_name(name: &str) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    file.chars().filter(|c| !c.is_control()).collect()
}
