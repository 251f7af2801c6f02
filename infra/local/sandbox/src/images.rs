//! Cover images served by the sandbox: a generated SVG per record (the same colours and initials
//! every time), so both marketplaces' answers carry image addresses that load.

use crate::catalogue::Catalogue;
use crate::catalogue::generate::fnv;

/// `R-{id}.svg` (600 px cover) or `R-{id}-150.svg` (thumbnail) of a release.
pub fn cover_url(base: &str, release_id: u64, thumb: bool) -> String {
    if thumb { format!("{base}/images/R-{release_id}-150.svg") } else { format!("{base}/images/R-{release_id}.svg") }
}

pub fn named_url(base: &str, name: &str) -> String {
    format!("{base}/images/{name}.svg")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The first letters of up to two words (`MD` for Miles Davis).
fn initials(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "the" | "&" | "and" | "-"))
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .collect::<String>()
        .to_uppercase()
}

/// The SVG for an image name (`R-3863517-150`, `E-204512347331`, `U-2210345`); `None` for a name
/// that is not one of these.
pub fn svg(catalogue: &Catalogue, name: &str) -> Option<String> {
    let (kind, rest) = name.split_once('-')?;
    let (id, size) = match rest.split_once('-') {
        Some((id, size)) => (id.parse::<u64>().ok()?, size.parse::<u32>().ok()?.clamp(50, 1600)),
        None => (rest.parse::<u64>().ok()?, 600),
    };
    let release = match kind {
        "R" => Some(catalogue.release(id)?),
        "E" => catalogue.item(id)?.release_id.and_then(|r| catalogue.release(r)),
        "U" => None,
        _ => return None,
    };
    let (title, subtitle) = match release {
        Some(r) => (r.title.clone(), r.artist()),
        None => (format!("Seller {id}"), String::new()),
    };
    // The record's colours, the same on both marketplaces; an eBay photo is tilted on a table.
    let hue = fnv(&format!("{title}{subtitle}")) % 360;
    let tilt = if kind == "E" { (id % 7) as i64 - 3 } else { 0 };
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 600 600" role="img" aria-label="{label}">
<rect width="600" height="600" fill="hsl({table}, 12%, 82%)"/>
<g transform="rotate({tilt} 300 300)">
<rect x="30" y="30" width="540" height="540" fill="hsl({hue}, 55%, 38%)"/>
<circle cx="300" cy="300" r="190" fill="hsl({accent}, 60%, 58%)"/>
<text x="300" y="340" font-family="Helvetica, Arial, sans-serif" font-size="150" font-weight="700" text-anchor="middle" fill="#fff">{initials}</text>
<text x="300" y="540" font-family="Helvetica, Arial, sans-serif" font-size="30" text-anchor="middle" fill="#fff">{caption}</text>
</g>
</svg>"##,
        label = escape(&format!("{subtitle} - {title}")),
        table = (hue + 180) % 360,
        accent = (hue + 40) % 360,
        initials = escape(&initials(&subtitle)),
        caption = escape(&title.chars().take(32).collect::<String>()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_skip_articles() {
        assert_eq!(initials("Miles Davis"), "MD");
        assert_eq!(initials("The Beatles"), "B");
        assert_eq!(initials("Art Blakey & The Jazz Messengers"), "AB");
    }
}
