//! E-mail address validation and normalisation, after the rules of `email-validator` 2.x that
//! the upstream API used (docs/behaviour.md#authentication A1), without any deliverability check.

/// Longest address the account store accepts.
pub const MAX_LEN: usize = 255;

/// The addresses [`normalize`] accepts, as the API document states them (ECMAScript regex, ASCII
/// only; a few exotic forms it also accepts are left out: display names, non-ASCII letters): a
/// dot-atom of at most 64 characters, and a dotted domain of labels without edge hyphens whose
/// last label starts with a letter and is not a special-use name.
pub const PATTERN: &str = concat!(
    "^(?!.*[.@](?:[Tt][Ee][Ss][Tt]|[Ll][Oo][Cc][Aa][Ll]|[Ii][Nn][Vv][Aa][Ll][Ii][Dd]|[Oo][Nn][Ii][Oo][Nn]|[Aa][Rr][Pp][Aa]|[Ll][Oo][Cc][Aa][Ll][Hh][Oo][Ss][Tt])$)",
    "(?=[^@]{1,64}@)",
    "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*",
    "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$",
);

/// Domains reserved for special use: never deliverable, so never an account.
const SPECIAL_USE: [&str; 6] = ["arpa", "invalid", "local", "localhost", "onion", "test"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("An email address must have an @-sign.")]
    NoAt,
    #[error("There must be something before the @-sign.")]
    EmptyLocal,
    #[error("The part after the @-sign is not valid. It should have a period.")]
    NoDot,
    #[error("The email address contains invalid characters before the @-sign.")]
    BadLocal,
    #[error("The part after the @-sign contains invalid characters.")]
    BadDomain,
    #[error("The part after the @-sign is a special-use or reserved name that cannot be used with email.")]
    SpecialUse,
    #[error("The email address is too long.")]
    TooLong,
}

/// Validates an address and returns its normalised form: the domain lower-cased, the local part
/// as typed. `Name <addr@example.com>` is reduced to the address.
pub fn normalize(input: &str) -> Result<String, EmailError> {
    let address = display_name_address(input.trim());
    let (local, domain) = address.rsplit_once('@').ok_or(EmailError::NoAt)?;
    if local.is_empty() {
        return Err(EmailError::EmptyLocal);
    }
    validate_local(local)?;
    let domain = domain.to_lowercase();
    validate_domain(&domain)?;
    let normalized = format!("{local}@{domain}");
    if normalized.chars().count() > MAX_LEN || local.chars().count() > 64 {
        return Err(EmailError::TooLong);
    }
    Ok(normalized)
}

fn display_name_address(input: &str) -> &str {
    match (input.rfind('<'), input.ends_with('>')) {
        (Some(open), true) if open > 0 => input[open + 1..input.len() - 1].trim(),
        _ => input,
    }
}

/// RFC 5322 dot-atom, with internationalised (non-ASCII) characters allowed.
fn validate_local(local: &str) -> Result<(), EmailError> {
    const ATEXT: &str = "!#$%&'*+-/=?^_`{|}~";
    let valid_char =
        |c: char| c.is_alphanumeric() || ATEXT.contains(c) || (!c.is_ascii() && !c.is_whitespace() && !c.is_control());
    let dots_ok = !local.starts_with('.') && !local.ends_with('.') && !local.contains("..");
    if dots_ok && local.split('.').all(|atom| atom.chars().all(valid_char)) {
        Ok(())
    } else {
        Err(EmailError::BadLocal)
    }
}

fn validate_domain(domain: &str) -> Result<(), EmailError> {
    if domain.starts_with('[') {
        return Err(EmailError::BadDomain); // address literals are refused
    }
    if !domain.contains('.') {
        return Err(if domain == "localhost" { EmailError::SpecialUse } else { EmailError::NoDot });
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if !labels.iter().all(label_ok) {
        return Err(EmailError::BadDomain);
    }
    let tld = labels.last().copied().unwrap_or_default();
    if tld.chars().all(|c| c.is_ascii_digit()) {
        return Err(EmailError::BadDomain);
    }
    if SPECIAL_USE.iter().any(|s| domain == *s || domain.ends_with(&format!(".{s}"))) {
        return Err(EmailError::SpecialUse);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_is_lowercased_and_the_local_part_kept() {
        assert_eq!(normalize("Test@EXAMPLE.com").unwrap(), "Test@example.com");
        assert_eq!(normalize("  ann.lee+vinyl@Mail.Example.co.uk ").unwrap(), "ann.lee+vinyl@mail.example.co.uk");
        assert_eq!(normalize("Ann Lee <ann@Example.com>").unwrap(), "ann@example.com");
        assert_eq!(normalize("josé@exämple.de").unwrap(), "josé@exämple.de");
    }

    #[test]
    fn invalid_addresses_are_refused_with_a_reason() {
        assert_eq!(normalize("no-at-sign"), Err(EmailError::NoAt));
        assert_eq!(normalize("@example.com"), Err(EmailError::EmptyLocal));
        assert_eq!(normalize("user@example"), Err(EmailError::NoDot));
        assert_eq!(normalize("user@localhost"), Err(EmailError::SpecialUse));
        assert_eq!(normalize("user@mail.test"), Err(EmailError::SpecialUse));
        assert_eq!(normalize("user@box.local"), Err(EmailError::SpecialUse));
        assert_eq!(normalize("user@x.invalid"), Err(EmailError::SpecialUse));
        assert_eq!(normalize("user@[127.0.0.1]"), Err(EmailError::BadDomain));
        assert_eq!(normalize("us er@example.com"), Err(EmailError::BadLocal));
        assert_eq!(normalize("user@exa mple.com"), Err(EmailError::BadDomain));
        assert_eq!(normalize(".user@example.com"), Err(EmailError::BadLocal));
        assert_eq!(normalize("us..er@example.com"), Err(EmailError::BadLocal));
        assert_eq!(normalize("user@-example.com"), Err(EmailError::BadDomain));
        assert_eq!(normalize("user@example.123"), Err(EmailError::BadDomain));
        assert_eq!(normalize(""), Err(EmailError::NoAt));
        let long = format!("{}@{}{}.com", "a".repeat(64), "b".repeat(60), ".c".repeat(100));
        assert_eq!(normalize(&long), Err(EmailError::TooLong));
        assert_eq!(normalize(&format!("{}@example.com", "a".repeat(65))), Err(EmailError::TooLong));
    }
}
