//! Values stored as gzip-compressed JSON in one binary attribute: many small records read and
//! written as a few large items (result packs, a run's list snapshot, the price comparison's
//! blocks). JSON rather than a binary format because the domain types use internally tagged
//! enums, which only self-describing formats can read back.

use std::io::{Read, Write};

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Item, StoreError};

/// The attribute that holds the packed bytes.
pub const DATA: &str = "data";

/// DynamoDB items hold at most 400 KB; packed attributes stay under this, leaving room for keys.
pub const MAX_PACKED_BYTES: usize = 350 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("cannot encode: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot (de)compress: {0}")]
    Io(#[from] std::io::Error),
    #[error("the item has no packed data")]
    Missing,
}

/// JSON, gzip at the fastest level: packing sits on the writer's path, and JSON compresses
/// four- to sixfold even so.
pub fn pack<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, PackError> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    serde_json::to_writer(&mut encoder, value)?;
    Ok(encoder.finish()?)
}

pub fn unpack<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, PackError> {
    let mut json = Vec::with_capacity(bytes.len() * 5);
    GzDecoder::new(bytes).read_to_end(&mut json)?;
    Ok(serde_json::from_slice(&json)?)
}

/// Gzip of bytes that are already serialised (an HTTP body).
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, PackError> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// The bytes [`gzip`] compressed.
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, PackError> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

/// A packed run of consecutive values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// How many values it holds.
    pub values: usize,
    pub bytes: Vec<u8>,
}

/// JSON gzip compresses at least threefold, so a part is cut at this much JSON: its compressed
/// bytes then fit an item without compressing it twice.
const PART_JSON_BYTES: usize = 3 * MAX_PACKED_BYTES;

/// Packs `values` into parts that fit in an item each, keeping their order. Every value is
/// serialised once and every part compressed once: parts are cut by their JSON's size, and only a
/// part that still compresses too large (incompressible values) is halved. A single value too
/// large for any item is an error.
pub fn pack_parts<T: Serialize>(values: &[T]) -> Result<Vec<Part>, PackError> {
    let mut json = Vec::new();
    let mut ends = Vec::with_capacity(values.len());
    for value in values {
        serde_json::to_writer(&mut json, value)?;
        ends.push(json.len());
    }
    let mut parts = Vec::new();
    let mut first = 0;
    for last in 0..values.len() {
        let start = if first == 0 { 0 } else { ends[first - 1] };
        if last > first && ends[last] - start > PART_JSON_BYTES {
            compress_range(&json, &ends, first, last, &mut parts)?;
            first = last;
        }
    }
    if first < values.len() || values.is_empty() {
        compress_range(&json, &ends, first, values.len(), &mut parts)?;
    }
    Ok(parts)
}

/// Compresses values `first..last` (their JSON ends at `ends`) as one JSON array, halving the
/// range until each part fits.
fn compress_range(
    json: &[u8],
    ends: &[usize],
    first: usize,
    last: usize,
    parts: &mut Vec<Part>,
) -> Result<(), PackError> {
    let start = |i: usize| if i == 0 { 0 } else { ends[i - 1] };
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(b"[")?;
    for i in first..last {
        if i > first {
            encoder.write_all(b",")?;
        }
        encoder.write_all(&json[start(i)..ends[i]])?;
    }
    encoder.write_all(b"]")?;
    let bytes = encoder.finish()?;
    if bytes.len() <= MAX_PACKED_BYTES {
        parts.push(Part { values: last - first, bytes });
        return Ok(());
    }
    if last - first <= 1 {
        return Err(PackError::Io(std::io::Error::other("one value is larger than an item")));
    }
    let middle = first + (last - first) / 2;
    compress_range(json, ends, first, middle, parts)?;
    compress_range(json, ends, middle, last, parts)
}

pub fn data_attribute(bytes: Vec<u8>) -> AttributeValue {
    AttributeValue::B(Blob::new(bytes))
}

/// The packed value of an item read back.
pub fn item_data<T: DeserializeOwned>(item: &Item) -> Result<T, StoreError> {
    let bytes = item.get(DATA).and_then(|v| v.as_b().ok()).ok_or(PackError::Missing)?;
    Ok(unpack(bytes.as_ref())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_split_to_fit() {
        let values: Vec<String> = (0..2000).map(|i| format!("value {i} {}", "x".repeat(i % 50))).collect();
        let back: Vec<String> = unpack(&pack(&values).unwrap()).unwrap();
        assert_eq!(back, values);
        // Incompressible values, 1.2 MB in all: split into parts that each fit an item.
        let noise: Vec<String> =
            (0..600).map(|i| (0..60).map(|j| format!("{:032x}", sha_like(i * 1000 + j))).collect()).collect();
        let parts = pack_parts(&noise).unwrap();
        assert!(parts.len() > 1 && parts.iter().all(|p| p.bytes.len() <= MAX_PACKED_BYTES));
        assert_eq!(parts.iter().map(|p| p.values).sum::<usize>(), noise.len());
        let joined: Vec<String> = parts.iter().flat_map(|p| unpack::<Vec<String>>(&p.bytes).unwrap()).collect();
        assert_eq!(joined, noise);
    }

    #[test]
    fn compressible_values_are_cut_by_their_json_and_kept_in_order() {
        // 4.5 MB of JSON that gzip shrinks manyfold: cut into parts of about PART_JSON_BYTES each.
        let values: Vec<String> = (0..3000).map(|i| format!("{i:06} {}", "vinyl ".repeat(250))).collect();
        let parts = pack_parts(&values).unwrap();
        let json = serde_json::to_vec(&values).unwrap().len();
        assert_eq!(parts.len(), json.div_ceil(PART_JSON_BYTES));
        assert!(parts.iter().all(|p| p.bytes.len() <= MAX_PACKED_BYTES));
        let joined: Vec<String> = parts.iter().flat_map(|p| unpack::<Vec<String>>(&p.bytes).unwrap()).collect();
        assert_eq!(joined, values);
        // Nothing to pack is one empty part (a reader always finds one).
        let empty = pack_parts::<String>(&[]).unwrap();
        assert_eq!((empty.len(), empty[0].values), (1, 0));
        assert!(unpack::<Vec<String>>(&empty[0].bytes).unwrap().is_empty());
    }

    fn sha_like(i: u64) -> u128 {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(i.to_le_bytes());
        u128::from_le_bytes(digest[..16].try_into().unwrap())
    }
}
