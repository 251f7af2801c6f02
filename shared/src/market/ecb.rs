//! The European Central Bank's daily euro reference rates (`eurofxref-daily.xml`, about 30
//! currencies, no key): fetching the document, reading it into [`Rates`], and the daily refresh
//! that stores them (docs/behaviour.md#money-and-currencies). Locally the sandbox marketplace
//! serves the same document at the same path.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::money::Currency;
use crate::domain::rates::{Rate, Rates};
use crate::market::MarketError;
use crate::store::{Store, StoreError};

/// Where the ECB publishes the document.
pub const ECB_DAILY_URL: &str = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";
/// The document's path on the ECB's host, which the sandbox marketplace serves too.
pub const ECB_DAILY_PATH: &str = "/stats/eurofxref/eurofxref-daily.xml";

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EcbError {
    #[error("not XML: {0}")]
    NotXml(String),
    #[error("no dated Cube element")]
    NoDate,
    #[error("invalid date {0:?}")]
    InvalidDate(String),
    #[error("invalid rate for {currency:?}: {rate:?}")]
    InvalidRate { currency: String, rate: String },
    #[error("the document has no rates")]
    Empty,
}

/// Reads the document: `<Cube time='YYYY-MM-DD'>` holding `<Cube currency='USD' rate='1.0870'/>`.
/// One unreadable rate fails the whole document rather than quietly leaving a currency out.
pub fn parse_daily(xml: &str) -> Result<Rates, EcbError> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| EcbError::NotXml(e.to_string()))?;
    let dated =
        doc.descendants().find(|n| n.has_tag_name("Cube") && n.attribute("time").is_some()).ok_or(EcbError::NoDate)?;
    let time = dated.attribute("time").unwrap_or_default();
    let date = NaiveDate::parse_from_str(time, "%Y-%m-%d").map_err(|_| EcbError::InvalidDate(time.to_string()))?;
    let mut rates = Vec::new();
    for cube in dated.children().filter(|n| n.has_tag_name("Cube")) {
        let (code, text) = (cube.attribute("currency").unwrap_or_default(), cube.attribute("rate").unwrap_or_default());
        let invalid = || EcbError::InvalidRate { currency: code.to_string(), rate: text.to_string() };
        let currency = Currency::new(code).map_err(|_| invalid())?;
        rates.push((currency, Rate::parse(text).map_err(|_| invalid())?));
    }
    if rates.is_empty() {
        return Err(EcbError::Empty);
    }
    Ok(Rates::new(date, rates))
}

/// A failed refresh. The stored rates stay as they were.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error("fetching the rates failed: {0}")]
    Fetch(#[from] MarketError),
    #[error("the rates document is unreadable: {0}")]
    Document(#[from] EcbError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a refresh did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    /// The stored rates were fetched recently enough.
    Fresh { date: NaiveDate },
    /// A document was fetched and stored.
    Stored { date: NaiveDate },
}

/// Rates fetched this recently are not fetched again (the ECB publishes once a working day, at
/// about 16:00 CET; the schedule runs more often so a failed fetch is retried the same day).
pub const REFETCH_AFTER: Duration = Duration::hours(6);

/// Fetches the document at `url` unless the newest stored rates were fetched within
/// [`REFETCH_AFTER`], and stores its day. A failure leaves the last good day in use.
pub async fn refresh(
    store: &Store,
    http: &reqwest::Client,
    url: &str,
    now: DateTime<Utc>,
) -> Result<Refreshed, RefreshError> {
    if let Some(latest) = store.latest_rates().await?
        && now - latest.fetched_at < REFETCH_AFTER
    {
        return Ok(Refreshed::Fresh { date: latest.rates.date });
    }
    let response = http.get(url).send().await.map_err(|e| MarketError::Transient(format!("rates: {e}")))?;
    let status = response.status();
    if !status.is_success() {
        let error = format!("rates: HTTP {status}");
        return Err(if status.is_server_error() {
            MarketError::Transient(error)
        } else {
            MarketError::Permanent(error)
        }
        .into());
    }
    let xml = response.text().await.map_err(|e| MarketError::Transient(format!("rates: {e}")))?;
    let rates = parse_daily(&xml)?;
    store.put_rates(&rates, now).await?;
    Ok(Refreshed::Stored { date: rates.date })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
	<Cube>
		<Cube time='2026-11-30'>
			<Cube currency='USD' rate='1.0870'/>
			<Cube currency='JPY' rate='163.05'/>
			<Cube currency='GBP' rate='0.85870'/>
		</Cube>
	</Cube>
</gesmes:Envelope>";

    #[test]
    fn reads_the_ecb_document() {
        let rates = parse_daily(DOC).unwrap();
        assert_eq!(rates.date, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(rates.rate(Currency::USD).map(|r| r.to_string()).as_deref(), Some("1.0870"));
        assert_eq!(rates.rate(Currency::GBP).map(|r| r.to_string()).as_deref(), Some("0.85870"));
        assert!(rates.knows(Currency::EUR));
        assert!(!rates.knows(Currency::CHF));
    }

    #[test]
    fn broken_documents_are_refused() {
        assert!(matches!(parse_daily("<Cube"), Err(EcbError::NotXml(_))));
        assert_eq!(parse_daily("<a><Cube/></a>"), Err(EcbError::NoDate));
        assert!(matches!(parse_daily("<Cube time='2026-13-01'/>"), Err(EcbError::InvalidDate(_))));
        assert_eq!(parse_daily("<Cube time='2026-12-01'></Cube>"), Err(EcbError::Empty));
        assert!(matches!(
            parse_daily("<Cube time='2026-12-01'><Cube currency='USD' rate='-1'/></Cube>"),
            Err(EcbError::InvalidRate { .. })
        ));
    }
}
