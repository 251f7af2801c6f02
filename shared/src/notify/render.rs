//! Alerts in words: the plain-text and HTML parts of an e-mail, and the text pushes carry. One
//! alert or a day's digest of several read the same way.

use std::fmt::Write;

use html_escape::encode_text as esc;

use crate::domain::alerts::{Alert, AlertKind, AlertListing};
use crate::domain::ids::SearchId;

/// Where things are in the web app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// The app's public base URL (`https://d123.cloudfront.net`).
    pub app_url: String,
}

impl Links {
    pub fn search(&self, search: SearchId) -> String {
        format!("{}/searches/{search}", self.app_url.trim_end_matches('/'))
    }

    pub fn notifications(&self) -> String {
        format!("{}/notifications", self.app_url.trim_end_matches('/'))
    }
}

/// `NAME (99.5 %, 1200 ratings, US)`.
fn seller_line(l: &AlertListing) -> Option<String> {
    let seller = l.seller.as_ref()?;
    let mut facts = Vec::new();
    if let Some(p) = seller.feedback_percentage {
        facts.push(format!("{p:.1} % positive"));
    }
    if let Some(n) = seller.feedback_count {
        facts.push(format!("{n} ratings"));
    }
    if let Some(loc) = seller.location.as_deref().filter(|l| !l.is_empty()) {
        facts.push(loc.to_owned());
    }
    Some(if facts.is_empty() { seller.name.clone() } else { format!("{} ({})", seller.name, facts.join(", ")) })
}

/// The price with its currency code, so a price in another currency is never mistaken.
fn price(l: &AlertListing) -> String {
    let mut text = format!("{} ({})", l.price.format_with_symbol(), l.price.currency);
    if let Some(ship) = l.shipping.filter(|s| !s.is_zero()) {
        let _ = write!(text, " + {} shipping", ship.format_with_symbol());
    }
    text
}

fn listing_text(out: &mut String, l: &AlertListing) {
    let _ = writeln!(out, "  {} — {} on {}", l.title, price(l), l.platform.display_name());
    if let Some(c) = l.condition() {
        let _ = writeln!(out, "    Condition: {c}");
    }
    if let Some(s) = seller_line(l) {
        let _ = writeln!(out, "    Seller: {s}");
    }
    if let Some(url) = &l.url {
        let _ = writeln!(out, "    {url}");
    }
}

fn detail_text(out: &mut String, alert: &Alert) {
    if let (AlertKind::PriceDrop, Some(old)) = (alert.kind, alert.previous_price) {
        let _ = writeln!(out, "  Was {}", old.format_with_symbol());
    }
    if let Some(b) = &alert.bundle {
        let _ = writeln!(
            out,
            "  Together {} + about {} shipping in one parcel (saves about {})",
            b.items_total.format_with_symbol(),
            b.shipping.format_with_symbol(),
            b.shipping_saved.format_with_symbol()
        );
    }
}

/// The plain-text body of one alert or several.
pub fn text(alerts: &[&Alert], links: &Links, unsubscribe: Option<&str>) -> String {
    let mut out = String::new();
    for alert in alerts {
        let _ = writeln!(out, "{}", alert.headline());
        detail_text(&mut out, alert);
        for l in &alert.listings {
            listing_text(&mut out, l);
        }
        let _ = writeln!(out, "  Search \"{}\": {}\n", alert.search_name, links.search(alert.search_id));
    }
    let _ = writeln!(out, "All alerts: {}", links.notifications());
    if let Some(url) = unsubscribe {
        let _ = writeln!(out, "Stop these e-mails: {url}");
    }
    out
}

/// The HTML body of one alert or several (inline styles only: mail clients drop the rest).
pub fn html(alerts: &[&Alert], links: &Links, unsubscribe: Option<&str>) -> String {
    let mut out =
        String::from("<!doctype html><html><body style=\"font-family:sans-serif;color:#1d1d1f;max-width:640px\">");
    for alert in alerts {
        let _ = write!(out, "<h2 style=\"font-size:18px\">{}</h2>", esc(&alert.headline()));
        if let (AlertKind::PriceDrop, Some(old)) = (alert.kind, alert.previous_price) {
            let _ = write!(out, "<p>Was <s>{}</s></p>", esc(&old.format_with_symbol()));
        }
        if let Some(b) = &alert.bundle {
            let _ = write!(
                out,
                "<p>Together <b>{}</b> + about {} shipping in one parcel (saves about {})</p>",
                esc(&b.items_total.format_with_symbol()),
                esc(&b.shipping.format_with_symbol()),
                esc(&b.shipping_saved.format_with_symbol())
            );
        }
        out.push_str("<ul>");
        for l in &alert.listings {
            let title = match &l.url {
                Some(url) => {
                    format!("<a href=\"{}\">{}</a>", html_escape::encode_double_quoted_attribute(url), esc(&l.title))
                }
                None => esc(&l.title).into_owned(),
            };
            let _ = write!(out, "<li>{title} — <b>{}</b> on {}", esc(&price(l)), l.platform.display_name());
            if let Some(c) = l.condition() {
                let _ = write!(out, "<br>Condition: {}", esc(&c));
            }
            if let Some(s) = seller_line(l) {
                let _ = write!(out, "<br>Seller: {}", esc(&s));
            }
            out.push_str("</li>");
        }
        let _ = write!(
            out,
            "</ul><p><a href=\"{}\">Open the search “{}”</a></p>",
            html_escape::encode_double_quoted_attribute(&links.search(alert.search_id)),
            esc(&alert.search_name)
        );
    }
    let _ = write!(
        out,
        "<hr><p style=\"font-size:12px;color:#666\"><a href=\"{}\">All alerts</a>",
        html_escape::encode_double_quoted_attribute(&links.notifications())
    );
    if let Some(url) = unsubscribe {
        let _ = write!(
            out,
            " · <a href=\"{}\">Unsubscribe from alert e-mails</a>",
            html_escape::encode_double_quoted_attribute(url)
        );
    }
    out.push_str("</p></body></html>");
    out
}

/// The subject of a digest.
pub fn digest_subject(count: usize) -> String {
    if count == 1 { "VinylDigger: 1 alert today".to_owned() } else { format!("VinylDigger: {count} alerts today") }
}
