//! An item's size as DynamoDB counts it against its 400 KB limit: each attribute's name in UTF-8
//! bytes plus its value (strings in UTF-8 bytes, binaries in bytes, numbers about one byte per
//! two significant digits plus one, lists and maps 3 bytes plus their elements, and 1 byte per
//! element). Measured before a write, so that an item that would be refused is split instead.

use aws_sdk_dynamodb::types::AttributeValue;

use super::Item;

/// DynamoDB's largest item, in bytes.
pub const MAX_ITEM_BYTES: usize = 400 * 1024;

pub fn item_size(item: &Item) -> usize {
    item.iter().map(|(name, value)| name.len() + value_size(value)).sum()
}

fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => number_size(n),
        AttributeValue::B(b) => b.as_ref().len(),
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::Ss(set) => set.iter().map(String::len).sum(),
        AttributeValue::Ns(set) => set.iter().map(|n| number_size(n)).sum(),
        AttributeValue::Bs(set) => set.iter().map(|b| b.as_ref().len()).sum(),
        AttributeValue::L(list) => 3 + list.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        AttributeValue::M(map) => 3 + map.iter().map(|(k, v)| 1 + k.len() + value_size(v)).sum::<usize>(),
        // A kind this SDK does not know yet: counted as the largest a number can be, never less.
        _ => 21,
    }
}

/// Up to 38 significant digits, one byte per two of them plus one.
fn number_size(n: &str) -> usize {
    let digits = n.trim_start_matches(['-', '+', '0', '.']).chars().filter(char::is_ascii_digit).count();
    digits.div_ceil(2) + 1
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use aws_sdk_dynamodb::primitives::Blob;

    use super::*;

    #[test]
    fn names_and_values_count() {
        let item: Item = HashMap::from([
            ("pk".to_owned(), AttributeValue::S("SHARED#x".into())),
            ("data".to_owned(), AttributeValue::B(Blob::new(vec![0u8; 1000]))),
            ("fetched_at".to_owned(), AttributeValue::N("1764547200".into())),
        ]);
        assert_eq!(item_size(&item), 2 + 8 + 4 + 1000 + 10 + 6);
    }
}
