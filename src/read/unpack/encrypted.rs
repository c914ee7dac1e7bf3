//! A workbook encrypted with a password (what Excel's 「パスワードを使用して
//! 暗号化」 and LibreOffice's 「パスワード付きで保存」 write: ECMA-376
//! Agile or Standard encryption in a compound file), opened in memory with
//! a password the user gave. Each password is first checked against the
//! verifier the file carries — office-crypto, which decrypts, does not
//! check, and given a wrong password returns bytes that are no workbook —
//! and only then decrypted. Nothing decrypted leaves memory.

use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyInit, KeyIvInit};
use base64::Engine;
use sha1::Sha1;
use sha2::{Digest, Sha512};

use crate::config::Limits;
use crate::findings::Reason;
use crate::read::bounded::{le32, CompoundFile};

/// The password Excel uses for a workbook encrypted without one asked of
/// the user (a "read-only recommended" file): tried first, as Excel does.
const EXCEL_DEFAULT_PASSWORD: &str = "VelvetSweatshop";
/// Excel writes 100,000 rounds; a crafted file must not make a password's
/// check take seconds.
const MAX_SPIN_COUNT: u32 = 1_000_000;
/// The stream that names the encryption, whatever the file's extension.
const ENCRYPTION_INFO: &str = "EncryptionInfo";
const ENCRYPTED_PACKAGE: &str = "EncryptedPackage";

/// Whether a compound file is an encrypted Office package.
pub fn is_encrypted_package(bytes: &[u8]) -> bool {
    CompoundFile::parse(bytes).is_ok_and(|file| matches!(file.stream(&[ENCRYPTED_PACKAGE], 8), Ok(Some(_))))
}

/// How an encrypted workbook was opened.
pub struct Decrypted {
    pub bytes: Vec<u8>,
    /// Opened with Excel's own default password: not protected for users.
    pub by_default_password: bool,
}

/// The workbook inside, decrypted with the first password the file
/// accepts; else why not: `Encrypted` with no password given,
/// `WrongPassword` when none given opens it, `EncryptedUnsupported` for an
/// encryption office-crypto does not decrypt.
pub fn decrypt(bytes: &[u8], passwords: &[String], limits: &Limits) -> Result<Decrypted, Reason> {
    let file = CompoundFile::parse(bytes).map_err(|_| Reason::Damaged)?;
    let info = file.stream(&[ENCRYPTION_INFO], 64 * 1024).map_err(|_| Reason::Damaged)?.ok_or(Reason::Damaged)?;
    let head = file.stream(&[ENCRYPTED_PACKAGE], 8).map_err(|_| Reason::Damaged)?.ok_or(Reason::Damaged)?;
    // The size the package declares bounds what decrypting allocates.
    let declared = le32(&head, 0).ok_or(Reason::Damaged)?;
    if u64::from(declared) > limits.max_file_bytes {
        return Err(Reason::TooLarge);
    }
    let package_limit = declared as usize + 8 + 4096;
    let verifier = Verifier::from_info(&info)?;
    let default = std::iter::once((EXCEL_DEFAULT_PASSWORD, true));
    let given = passwords.iter().map(|password| (password.as_str(), false));
    for (password, by_default_password) in default.chain(given) {
        if verifier.accepts(password) {
            let package = file.stream(&[ENCRYPTED_PACKAGE], package_limit).map_err(|_| Reason::Damaged)?;
            let wrapped = rewrapped(&info, &package.unwrap_or_default()).map_err(|_| Reason::Damaged)?;
            // The password is right: a package it does not decrypt is in a
            // variant office-crypto does not handle.
            let bytes =
                office_crypto::decrypt_from_bytes(wrapped, password).map_err(|_| Reason::EncryptedUnsupported)?;
            return Ok(Decrypted { bytes, by_default_password });
        }
    }
    Err(if passwords.is_empty() { Reason::Encrypted } else { Reason::WrongPassword })
}

/// The two streams office-crypto reads, in a compound file of their own:
/// its reader refuses some that other programs write (Apache POI's), and
/// is given only what ours has read within bounds.
fn rewrapped(info: &[u8], package: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new()))?;
    file.create_stream(ENCRYPTION_INFO)?.write_all(info)?;
    file.create_stream(ENCRYPTED_PACKAGE)?.write_all(package)?;
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

/// What a password is checked against: the encrypted verifier and its
/// encrypted hash, which only the right password's key turns into a value
/// and that value's hash.
enum Verifier {
    /// ECMA-376 Agile (Excel 2010 and later): SHA-512, AES-256-CBC.
    Agile { salt: Vec<u8>, spin_count: u32, input: Vec<u8>, hash: Vec<u8> },
    /// ECMA-376 Standard (Excel 2007, LibreOffice): SHA-1, AES-128-ECB.
    Standard { salt: Vec<u8>, verifier: Vec<u8>, hash: Vec<u8> },
}

impl Verifier {
    fn from_info(info: &[u8]) -> Result<Verifier, Reason> {
        match info.get(..4) {
            Some([4, 0, 4, 0]) => agile_verifier(info.get(8..).unwrap_or_default()),
            Some([2..=4, 0, 2, 0]) => standard_verifier(info),
            _ => Err(Reason::EncryptedUnsupported),
        }
    }

    fn accepts(&self, password: &str) -> bool {
        match self {
            Verifier::Agile { salt, spin_count, input, hash } => {
                let spun = spun_hash::<Sha512>(salt, password, *spin_count);
                let key_for = |block: &[u8]| Sha512::new().chain_update(&spun).chain_update(block).finalize();
                // The two block keys of MS-OFFCRYPTO 2.3.4.13 (AES-256: the
                // first 32 bytes of each hash).
                let input_key = key_for(&[0xFE, 0xA7, 0xD2, 0x76, 0x3B, 0x4B, 0x9E, 0x79]);
                let hash_key = key_for(&[0xD7, 0xAA, 0x0F, 0x6D, 0x30, 0x61, 0x34, 0x4E]);
                let (Some(input), Some(hash)) =
                    (cbc_decrypt(&input_key[..32], salt, input), cbc_decrypt(&hash_key[..32], salt, hash))
                else {
                    return false;
                };
                hash.get(..64).is_some_and(|hash| Sha512::digest(&input[..salt.len()]).as_slice() == hash)
            }
            Verifier::Standard { salt, verifier, hash } => {
                let key = standard_key(salt, password);
                let (Some(verifier), Some(hash)) = (ecb_decrypt(&key, verifier), ecb_decrypt(&key, hash)) else {
                    return false;
                };
                Sha1::digest(&verifier).as_slice() == &hash[..20]
            }
        }
    }
}

/// The `p:encryptedKey` element's attributes in Agile's XML.
fn agile_verifier(xml: &[u8]) -> Result<Verifier, Reason> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(quick_xml::events::Event::Empty(element) | quick_xml::events::Event::Start(element))
                if element.name().as_ref() == "p:encryptedKey" =>
            {
                let attribute = |name: &str| {
                    element.try_get_attribute(name).ok().flatten().map(|a| a.value.into_owned()).unwrap_or_default()
                };
                let base64 = |name: &str| base64::engine::general_purpose::STANDARD.decode(attribute(name)).ok();
                let supported = attribute("hashAlgorithm") == "SHA512" && attribute("keyBits") == "256";
                let spin_count = attribute("spinCount").parse().ok().filter(|&n| n <= MAX_SPIN_COUNT);
                return match (supported, spin_count, base64("saltValue"), base64("encryptedVerifierHashInput")) {
                    (true, Some(spin_count), Some(salt), Some(input)) if salt.len() == 16 => {
                        let hash = base64("encryptedVerifierHashValue").ok_or(Reason::Damaged)?;
                        Ok(Verifier::Agile { salt, spin_count, input, hash })
                    }
                    _ => Err(Reason::EncryptedUnsupported),
                };
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return Err(Reason::Damaged),
            Ok(_) => buffer.clear(),
        }
    }
}

/// Standard's header (AES-128 only, as office-crypto decrypts) and the
/// verifier after it.
fn standard_verifier(info: &[u8]) -> Result<Verifier, Reason> {
    let header_size = le32(info, 8).ok_or(Reason::Damaged)? as usize;
    let algorithm = le32(info, 12 + 8).ok_or(Reason::Damaged)?;
    let key_bits = le32(info, 12 + 16).ok_or(Reason::Damaged)?;
    const AES_128: u32 = 0x660E;
    if algorithm != AES_128 || key_bits != 128 {
        return Err(Reason::EncryptedUnsupported);
    }
    let verifier = info.get(12 + header_size..).ok_or(Reason::Damaged)?;
    let (salt_size, hash_size) = (le32(verifier, 0), le32(verifier, 36));
    if salt_size != Some(16) || hash_size != Some(20) {
        return Err(Reason::Damaged);
    }
    let part = |range: std::ops::Range<usize>| verifier.get(range).map(<[u8]>::to_vec).ok_or(Reason::Damaged);
    Ok(Verifier::Standard { salt: part(4..20)?, verifier: part(20..36)?, hash: part(40..72)? })
}

/// H(salt + password), then H(round + hash) `rounds` times (MS-OFFCRYPTO
/// 2.3.4.7 and 2.3.4.11).
fn spun_hash<H: Digest>(salt: &[u8], password: &str, rounds: u32) -> Vec<u8> {
    let utf16: Vec<u8> = password.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut hash = H::new().chain_update(salt).chain_update(&utf16).finalize().to_vec();
    for round in 0..rounds {
        hash = H::new().chain_update(round.to_le_bytes()).chain_update(&hash).finalize().to_vec();
    }
    hash
}

/// Standard encryption's AES-128 key from a password (MS-OFFCRYPTO 2.3.4.7).
fn standard_key(salt: &[u8], password: &str) -> Vec<u8> {
    let spun = spun_hash::<Sha1>(salt, password, 50_000);
    let block = Sha1::new().chain_update(&spun).chain_update(0u32.to_le_bytes()).finalize();
    let derive = |pad: u8| {
        let mut buffer = [pad; 64];
        buffer.iter_mut().zip(block.iter()).for_each(|(byte, hash)| *byte ^= hash);
        Sha1::digest(buffer)
    };
    [derive(0x36), derive(0x5C)].concat()[..16].to_vec()
}

fn cbc_decrypt(key: &[u8], iv: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    let cipher = cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv).ok()?;
    let mut buffer = data.to_vec();
    cipher.decrypt_padded_mut::<NoPadding>(&mut buffer).ok().map(<[u8]>::to_vec)
}

fn ecb_decrypt(key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    let cipher = ecb::Decryptor::<aes::Aes128>::new_from_slice(key).ok()?;
    let mut buffer = data.to_vec();
    cipher.decrypt_padded_mut::<NoPadding>(&mut buffer).ok().map(<[u8]>::to_vec)
}
