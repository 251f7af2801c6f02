//! A generated search written as a run writes it (benchmarks): the output of
//! `scripts/lib/gen_results.py` (the generator of the original system's figures) read as the
//! fetchers would normalise its listings, the user's want list and collection stored, and the
//! run's chunks delivered to the result writer's own handler until the run completes.

use std::collections::HashMap;
use std::path::Path;

use chrono::Utc;
use serde_json::Value;
use vinyldigger::deadline::Deadline;
use vinyldigger::domain::listing::{Listing, SellerInfo};
use vinyldigger::domain::lists::{ListItem, ListKind};
use vinyldigger::domain::money::{Currency, Money};
use vinyldigger::domain::platform::Platform;
use vinyldigger::domain::run::Run;
use vinyldigger::domain::search::SavedSearch;
use vinyldigger::queue::{FetchJob, ResultBatch, V1};
use vinyldigger::store::StoreError;

/// A generated search: its listings and the user's lists.
pub struct Generated {
    pub listings: Vec<Listing>,
    pub wanted: Vec<ListItem>,
    pub owned: Vec<ListItem>,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("cannot read the generated search: {0}")]
    Read(#[from] std::io::Error),
    #[error("the generated search is not JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the generated search has no {0}")]
    Shape(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Writer(#[from] result_writer::WriterError),
}

fn money(value: &Value, currency: &Value) -> Money {
    let currency = currency.as_str().and_then(|c| Currency::new(c).ok()).unwrap_or(Currency::USD);
    Money::new((value.as_f64().unwrap_or(0.0) * 100.0).round() as i64, currency)
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// A generated result's `item_data` as the fetchers normalise such a listing.
fn listing(result: &Value) -> Result<Listing, SeedError> {
    let d = &result["item_data"];
    let id = d["id"].as_str().ok_or(SeedError::Shape("item id"))?;
    let title = d["title"].as_str().ok_or(SeedError::Shape("item title"))?;
    let s = &d["seller"];
    let name = s["username"].as_str().unwrap_or_default().to_owned();
    let l = if result["platform"] == "discogs" {
        let mut l = Listing::new(Platform::Discogs, id, title, money(&d["price"], &d["currency"]))
            .with_conditions(d["condition"].as_str(), d["sleeve_condition"].as_str());
        l.artist = text(&d["artist"]);
        l.release_title = text(&d["album"]);
        l.release_id = d["release_id"].as_str().and_then(|r| r.parse().ok());
        l.format = d["format"].as_array().map(|f| f.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "));
        l.label = text(&d["label"][0]);
        l.catalog_number = text(&d["catno"]);
        l.shipping = (!d["shipping_price"].is_null()).then(|| money(&d["shipping_price"], &d["currency"]));
        l.web_url = text(&d["uri"]);
        l.image_url = text(&d["cover_image"]);
        l.seller = Some(SellerInfo {
            id: name.clone(),
            name,
            location: None,
            feedback_percentage: s["rating"].as_f64(),
            feedback_count: None,
            estimated_shipping: None,
            url: text(&s["url"]),
        });
        l
    } else {
        let mut l = Listing::new(Platform::Ebay, id, title, money(&d["price"], &d["currency"]))
            .with_conditions(d["condition"].as_str(), None);
        l.shipping = Some(money(&d["shipping_cost"], &d["currency"]));
        l.web_url = text(&d["item_web_url"]);
        l.image_url = text(&d["image_url"]);
        l.seller = Some(SellerInfo {
            id: name.clone(),
            name,
            location: text(&d["location"]["country"]),
            feedback_percentage: s["feedback_percentage"].as_str().and_then(|p| p.parse().ok()),
            feedback_count: s["feedback_score"].as_u64(),
            estimated_shipping: None,
            url: None,
        });
        l
    };
    Ok(l)
}

/// Reads a file `gen_results.py` wrote.
pub fn read_generated(path: &Path) -> Result<Generated, SeedError> {
    let json: Value = serde_json::from_slice(&std::fs::read(path)?)?;
    let results = json["results"].as_array().ok_or(SeedError::Shape("results"))?;
    let listings = results.iter().map(listing).collect::<Result<Vec<_>, _>>()?;
    // The lists name their records as Discogs does; releases no result has get a placeholder.
    let known: HashMap<u64, &Listing> = listings.iter().filter_map(|l| Some((l.release_id?, l))).collect();
    let list = |name: &'static str, instances: bool| -> Result<Vec<ListItem>, SeedError> {
        let ids = json[name].as_array().ok_or(SeedError::Shape(name))?;
        ids.iter()
            .map(|id| {
                let release: u64 = id.as_str().and_then(|r| r.parse().ok()).ok_or(SeedError::Shape("release id"))?;
                let found = known.get(&release);
                Ok(ListItem {
                    item_id: if instances { format!("inst-{release}") } else { release.to_string() },
                    release_id: release,
                    master_id: found.and_then(|l| l.master_id),
                    title: found.and_then(|l| l.release_title.clone()).unwrap_or_else(|| format!("Release {release}")),
                    artist: found.and_then(|l| l.artist.clone()),
                    year: None,
                    format: None,
                    catalog_number: found.and_then(|l| l.catalog_number.clone()),
                    added_at: None,
                })
            })
            .collect()
    };
    let (wanted, owned) = (list("wantlist_release_ids", false)?, list("collection_release_ids", true)?);
    Ok(Generated { listings, wanted, owned })
}

/// The run's chunks as the two fetchers send them, each marketplace's part ending with an empty
/// chunk, so that the last chunk (eBay's empty one) only completes the run and a benchmark can
/// time the store phase and the completion apart.
pub fn run_batches(search: &SavedSearch, run: &Run, listings: &[Listing]) -> Vec<ResultBatch> {
    let mut chunks = Vec::new();
    let mut ends = Vec::new();
    for platform in Platform::ALL {
        let job = FetchJob {
            v: V1,
            run_id: run.id,
            user_id: search.user_id,
            search_id: search.id,
            platform,
            query: search.query.clone(),
            filters: Default::default(),
            min_record_condition: None,
            min_sleeve_condition: None,
            seller_location_preference: search.seller_location_preference.clone(),
            requested_at: run.created_at,
            wantlist: None,
        };
        let mine: Vec<Listing> = listings.iter().filter(|l| l.platform == platform).cloned().collect();
        let mut batches = ResultBatch::chunked(&job, mine, None);
        let count = u32::try_from(batches.len() + 1).unwrap_or(u32::MAX);
        for b in &mut batches {
            (b.chunks, b.last) = (count, false);
        }
        chunks.extend(batches);
        ends.extend(ResultBatch::chunked(&job, Vec::new(), None).into_iter().map(|mut end| {
            (end.chunk, end.chunks) = (count - 1, count);
            end
        }));
    }
    chunks.extend(ends);
    chunks
}

/// Stores the user's lists, then runs the search with the generated listings through the result
/// writer's handler; returns the completed run.
pub async fn seed_run(writer: &result_writer::Deps, search: &SavedSearch, input: &Generated) -> Result<Run, SeedError> {
    let store = &writer.store;
    store.replace_list_items(search.user_id, ListKind::Wantlist, &input.wanted).await?;
    store.replace_list_items(search.user_id, ListKind::Collection, &input.owned).await?;
    let run = Run::queued(search.id, search.user_id, &Platform::ALL, Utc::now());
    store.create_run(&run).await?;
    for batch in run_batches(search, &run, &input.listings) {
        result_writer::handle(writer, batch, Utc::now(), Deadline::unbounded()).await?;
    }
    Ok(run)
}
