//! The sandbox over HTTP, as a client of the real APIs sees it: paging and its limits, masters and
//! versions, statistics, inventories, eBay filters and shipping to the buyer, the ECB document,
//! cover images, the call counters and the fault switches.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::Value;
use vinyldigger_sandbox::{Calls, Switches, default_fixtures_dir, serve};

struct Sandbox {
    base: String,
    switches: Switches,
    http: reqwest::Client,
}

async fn sandbox() -> Sandbox {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let switches = Switches::default();
    let s = switches.clone();
    tokio::spawn(async move {
        let _ = serve(listener, &default_fixtures_dir(), s).await;
    });
    let sandbox = Sandbox { base, switches, http: reqwest::Client::new() };
    // The catalogue is built before the server answers.
    for _ in 0..200 {
        if sandbox.http.get(format!("{}/_sandbox/health", sandbox.base)).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    sandbox
}

const APP_KEY: &str = "Discogs key=test-key, secret=test-secret";
const USER: &str = r#"OAuth oauth_consumer_key="test-key", oauth_token="sbx-access-9", oauth_signature="x""#;

impl Sandbox {
    async fn get(&self, path: &str, auth: &str) -> (StatusCode, Value) {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if !auth.is_empty() {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn ebay_token(&self, client_id: &str) -> String {
        let body: Value = self
            .http
            .post(format!("{}/identity/v1/oauth2/token", self.base))
            .basic_auth(client_id, Some("secret"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["access_token"].as_str().unwrap().to_string()
    }

    async fn ebay(&self, token: &str, query: &[(&str, &str)], buyer: Option<&str>) -> (StatusCode, Value) {
        let mut request = self
            .http
            .get(format!("{}/buy/browse/v1/item_summary/search", self.base))
            .query(query)
            .bearer_auth(token)
            .header("x-ebay-c-marketplace-id", "EBAY_US");
        if let Some(buyer) = buyer {
            request = request.header("x-ebay-c-enduserctx", buyer);
        }
        let response = request.send().await.unwrap();
        (response.status(), response.json().await.unwrap_or(Value::Null))
    }
}

fn ids(list: &Value, key: &str) -> Vec<u64> {
    list.as_array().unwrap().iter().map(|v| v[key].as_u64().unwrap()).collect()
}

#[tokio::test]
async fn database_search_pages_like_discogs_and_stops_at_ten_thousand() {
    let s = sandbox().await;
    let (status, refused) = s.get("/database/search?q=jazz", "").await;
    assert_eq!((status, refused["message"].as_str().is_some()), (StatusCode::UNAUTHORIZED, true));

    let (status, first) = s.get("/database/search?q=jazz&type=release&format=Vinyl&per_page=500", APP_KEY).await;
    assert_eq!(status, StatusCode::OK);
    let p = &first["pagination"];
    assert_eq!(p["per_page"], 100, "Discogs' largest page");
    let total = p["items"].as_u64().unwrap() as usize;
    assert!(total > 300, "{p}");
    assert_eq!(p["pages"].as_u64().unwrap() as usize, total.div_ceil(100));
    assert!(p["urls"]["next"].as_str().unwrap().contains("page=2"));
    let mut seen: HashSet<u64> = HashSet::new();
    for page in 1..=p["pages"].as_u64().unwrap() {
        let (_, body) = s.get(&format!("/database/search?q=jazz&type=release&per_page=100&page={page}"), APP_KEY).await;
        let found = ids(&body["results"], "id");
        assert!(body["results"].as_array().unwrap().iter().all(|r| {
            r["genre"].as_array().unwrap().contains(&"Jazz".into())
                || r["style"].to_string().contains("Jazz")
                || r["title"].as_str().unwrap().contains("Jazz")
        }));
        seen.extend(found);
    }
    assert_eq!(seen.len(), total, "every hit once across the pages");
    let (status, _) = s.get("/database/search?q=jazz&per_page=100&page=101", APP_KEY).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "results beyond 10 000 are not served");

    // Field parameters search their own fields.
    let (_, label) = s.get("/database/search?label=blue+note&artist=lee+morgan&per_page=100", APP_KEY).await;
    let hits = label["results"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| h["label"][0] == "Blue Note" && h["title"].as_str().unwrap().starts_with("Lee Morgan - "))
    );
    let (_, styled) = s.get("/database/search?style=Techno&format=12%22&per_page=5", APP_KEY).await;
    assert!(styled["results"].as_array().unwrap().iter().all(|h| h["format"].to_string().contains("12\\\"")));
}

#[tokio::test]
async fn masters_group_pressings_and_list_their_versions() {
    let s = sandbox().await;
    let (_, found) = s.get("/database/search?q=beatles+revolver&type=master", APP_KEY).await;
    let hit = &found["results"][0];
    assert_eq!((hit["type"].as_str(), hit["title"].as_str()), (Some("master"), Some("The Beatles - Revolver")));
    let master_id = hit["id"].as_u64().unwrap();
    let (_, master) = s.get(&format!("/masters/{master_id}"), "").await;
    assert_eq!(master["title"], "Revolver");
    let (_, versions) = s.get(&format!("/masters/{master_id}/versions?per_page=2"), "").await;
    let count = versions["pagination"]["items"].as_u64().unwrap();
    assert!(count >= 2, "{versions}");
    let mut all = Vec::new();
    for page in 1..=versions["pagination"]["pages"].as_u64().unwrap() {
        let (_, body) = s.get(&format!("/masters/{master_id}/versions?per_page=2&page={page}"), "").await;
        all.extend(ids(&body["versions"], "id"));
    }
    assert_eq!(all.len() as u64, count);
    for id in &all {
        let (_, release) = s.get(&format!("/releases/{id}"), "").await;
        assert_eq!(release["master_id"].as_u64(), Some(master_id), "every version names its master");
        assert_eq!(release["title"], "Revolver");
    }
    let (_, release_hits) = s.get("/database/search?q=beatles+revolver&type=release", APP_KEY).await;
    assert!(release_hits["results"].as_array().unwrap().iter().all(|r| r["master_id"].as_u64() == Some(master_id)));
    let (_, japanese) = s.get(&format!("/masters/{master_id}/versions?country=Japan"), "").await;
    assert!(japanese["versions"].as_array().unwrap().iter().all(|v| v["country"] == "Japan"));
    assert_eq!(s.get("/masters/1", "").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn statistics_inventories_and_lists() {
    let s = sandbox().await;
    let (_, stats) = s.get("/marketplace/stats/3863517?curr_abbr=USD", APP_KEY).await;
    assert_eq!(stats["lowest_price"], serde_json::json!({"currency": "USD", "value": 19.52}));
    assert_eq!(stats["num_for_sale"], 4);
    let (_, yen) = s.get("/marketplace/stats/3863517?curr_abbr=JPY", APP_KEY).await;
    assert_eq!(yen["lowest_price"]["currency"], "JPY");
    assert!(yen["lowest_price"]["value"].is_u64(), "yen have no decimals: {yen}");
    assert_eq!(s.get("/marketplace/stats/3863517?curr_abbr=XYZ", APP_KEY).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.get("/marketplace/stats/1", APP_KEY).await.0, StatusCode::NOT_FOUND);

    let (_, first) = s.get("/users/bop_city_records/inventory?per_page=100&sort=price&sort_order=asc", "").await;
    let total = first["pagination"]["items"].as_u64().unwrap();
    assert!(total > 100, "several pages");
    let prices: Vec<f64> =
        first["listings"].as_array().unwrap().iter().map(|l| l["price"]["value"].as_f64().unwrap()).collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "cheapest first");
    let mut listing_ids = HashSet::new();
    for page in 1..=first["pagination"]["pages"].as_u64().unwrap() {
        let (_, body) = s.get(&format!("/users/bop_city_records/inventory?per_page=100&page={page}"), "").await;
        listing_ids.extend(ids(&body["listings"], "id"));
    }
    assert_eq!(listing_ids.len() as u64, total);
    let (status, refused) = s.get("/users/bop_city_records/inventory?per_page=100&page=101", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    let (_, one) = s.get(&format!("/marketplace/listings/{}", listing_ids.iter().next().unwrap()), "").await;
    assert_eq!(one["seller"]["username"], "bop_city_records");

    // The user's lists, paged by 100, and what search hits say about them.
    let (_, wants) = s.get("/users/sandbox_digger/wants?per_page=100", USER).await;
    let wanted = ids(&wants["wants"], "id");
    assert!(wanted.len() >= 30);
    let (_, owned) = s.get("/users/sandbox_digger/collection/folders/0/releases?per_page=100", USER).await;
    assert!(owned["pagination"]["pages"].as_u64().unwrap() >= 2, "the collection spans pages");
    let (_, hits) = s.get("/database/search?q=miles+davis&per_page=100", USER).await;
    let flagged: Vec<u64> = hits["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["user_data"]["in_wantlist"] == true)
        .map(|h| h["id"].as_u64().unwrap())
        .collect();
    assert!(!flagged.is_empty() && flagged.iter().all(|id| wanted.contains(id)));
}

#[tokio::test]
async fn ebay_search_pages_filters_and_prices_shipping_for_the_buyer() {
    let s = sandbox().await;
    let token = s.ebay_token("Test-App-PRD-1").await;
    assert_eq!(s.ebay("not-a-token", &[("q", "jazz")], None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(s.ebay(&token, &[("q", "jazz"), ("limit", "201")], None).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        s.ebay(&token, &[("q", "jazz"), ("limit", "200"), ("offset", "9900")], None).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.ebay(&token, &[("limit", "10")], None).await.0,
        StatusCode::BAD_REQUEST,
        "q or a category is required"
    );

    let (_, first) = s.ebay(&token, &[("q", "jazz"), ("limit", "200")], None).await;
    let total = first["total"].as_u64().unwrap();
    assert!(total > 200, "{total}");
    assert!(first["next"].as_str().unwrap().contains("offset=200"));
    let (_, second) = s.ebay(&token, &[("q", "jazz"), ("limit", "200"), ("offset", "200")], None).await;
    let a: HashSet<&str> =
        first["itemSummaries"].as_array().unwrap().iter().map(|i| i["itemId"].as_str().unwrap()).collect();
    assert!(second["itemSummaries"].as_array().unwrap().iter().all(|i| !a.contains(i["itemId"].as_str().unwrap())));

    let filter = "categoryIds:{176985},price:[10..40],priceCurrency:USD,itemLocationCountry:GB,conditions:{USED}";
    let (_, filtered) = s.ebay(&token, &[("q", "lp"), ("filter", filter), ("limit", "200")], None).await;
    let items = filtered["itemSummaries"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        assert_eq!(item["itemLocation"]["country"], "GB");
        let price = if item["price"].is_object() { &item["price"] } else { &item["currentBidPrice"] };
        assert_eq!(price["currency"], "GBP");
        let gbp: f64 = price["value"].as_str().unwrap().parse().unwrap();
        assert!((10.0 * 0.79..=40.0 * 0.79 + 0.01).contains(&gbp), "{gbp} GBP is not 10–40 USD");
        assert_ne!(item["conditionId"], "1000");
    }
    let (_, other) = s.ebay(&token, &[("q", "lp"), ("category_ids", "9355")], None).await;
    assert_eq!(other["total"], 0, "records are not phones");

    let (_, sorted) = s.ebay(&token, &[("q", "techno 12\""), ("sort", "price"), ("limit", "50")], None).await;
    assert!(sorted["total"].as_u64().unwrap() >= 20);

    // The same German item: cheapest at home, more to France, most to the US.
    let german = "categoryIds:{176985},itemLocationCountry:DE";
    let shipping = |body: &Value| -> Vec<(String, f64)> {
        body["itemSummaries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["itemId"].as_str().unwrap().to_string(),
                    i["shippingOptions"][0]["shippingCost"]["value"].as_str().unwrap().parse().unwrap(),
                )
            })
            .collect()
    };
    let to = |country: &str| format!("contextualLocation=country%3D{country}%2Czip%3D10115");
    let home = shipping(&s.ebay(&token, &[("q", "jazz"), ("filter", german)], Some(&to("DE"))).await.1);
    let eu = shipping(&s.ebay(&token, &[("q", "jazz"), ("filter", german)], Some(&to("FR"))).await.1);
    let us = shipping(
        &s.ebay(&token, &[("q", "jazz"), ("filter", german)], Some("contextualLocation=country=US,zip=19406")).await.1,
    );
    assert!(!home.is_empty());
    for ((id, h), ((_, e), (_, u))) in home.iter().zip(eu.iter().zip(&us)) {
        assert!(h < e && e < u, "{id}: {h} at home, {e} to France, {u} to the US");
    }
    let (_, abroad_only) =
        s.ebay(&token, &[("q", "lp"), ("filter", "deliveryCountry:JP"), ("limit", "200")], None).await;
    assert!(abroad_only["itemSummaries"].as_array().unwrap().iter().all(|i| i["shippingOptions"].is_array()));
}

#[tokio::test]
async fn the_ecb_document_parses_and_can_fail() {
    let s = sandbox().await;
    let response = s.http.get(format!("{}/ecb/eurofxref-daily.xml", s.base)).send().await.unwrap();
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/xml"));
    let xml = response.text().await.unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "Envelope");
    let dated = doc.descendants().find(|n| n.has_tag_name("Cube") && n.attribute("time").is_some()).unwrap();
    assert_eq!(dated.attribute("time").unwrap(), chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string());
    let rates: Vec<(&str, f64)> = dated
        .children()
        .filter(|n| n.has_tag_name("Cube"))
        .map(|n| (n.attribute("currency").unwrap(), n.attribute("rate").unwrap().parse().unwrap()))
        .collect();
    assert_eq!(rates.len(), 30);
    for code in ["USD", "JPY", "GBP", "CAD", "AUD", "CHF", "SEK"] {
        assert!(rates.iter().any(|(c, r)| *c == code && *r > 0.0), "{code}");
    }
    s.switches.set_for(vinyldigger_sandbox::Market::Ecb, vinyldigger_sandbox::Fault::ServerError);
    let failed = s.http.get(format!("{}/ecb/eurofxref-daily.xml", s.base)).send().await.unwrap();
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    s.http.post(format!("{}/_sandbox/fault/garbled?market=ecb", s.base)).send().await.unwrap();
    let garbled = s.http.get(format!("{}/stats/eurofxref/eurofxref-daily.xml", s.base)).send().await.unwrap();
    assert_eq!(garbled.status(), StatusCode::OK);
    assert!(roxmltree::Document::parse(&garbled.text().await.unwrap()).is_err());
    assert_eq!(s.get("/marketplace/stats/3863517", APP_KEY).await.0, StatusCode::OK, "the marketplaces are unaffected");
}

#[tokio::test]
async fn covers_are_svg_images_both_marketplaces_link_to() {
    let s = sandbox().await;
    let (_, hits) = s.get("/database/search?q=miles+davis&per_page=1", APP_KEY).await;
    let token = s.ebay_token("Test-App-PRD-1").await;
    let (_, items) = s.ebay(&token, &[("q", "miles davis"), ("limit", "1")], None).await;
    for url in [
        hits["results"][0]["thumb"].as_str().unwrap(),
        items["itemSummaries"][0]["image"]["imageUrl"].as_str().unwrap(),
    ] {
        assert!(url.starts_with(&s.base), "{url}");
        let response = s.http.get(url).send().await.unwrap();
        assert_eq!(response.headers()["content-type"], "image/svg+xml");
        let svg = response.text().await.unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(svg.contains("Miles Davis"), "{svg}");
    }
    let again = s.http.get(hits["results"][0]["thumb"].as_str().unwrap()).send().await.unwrap().text().await.unwrap();
    let first = s.http.get(hits["results"][0]["thumb"].as_str().unwrap()).send().await.unwrap().text().await.unwrap();
    assert_eq!(again, first, "the same image every time");
    assert_eq!(
        s.http.get(format!("{}/images/nothing.svg", s.base)).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn calls_are_counted_per_identity_and_can_be_reset() {
    let s = sandbox().await;
    s.get("/database/search?q=jazz", APP_KEY).await;
    s.get("/marketplace/stats/3863517", USER).await;
    s.get("/marketplace/stats/3863517", USER).await;
    let token = s.ebay_token("Counted-App-PRD-1").await;
    s.ebay(&token, &[("q", "jazz")], None).await;
    s.http.get(format!("{}/images/R-3863517.svg", s.base)).send().await.unwrap();
    let calls: Calls = s.http.get(format!("{}/_sandbox/calls", s.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(calls.discogs.total, 3);
    assert_eq!(calls.discogs.identities["key:test-key"], 1);
    assert_eq!(calls.discogs.identities["token:sbx-access-9"], 2);
    assert_eq!(calls.discogs.endpoints["/marketplace/stats/{release_id}"], 2);
    assert_eq!(calls.ebay.total, 2, "the token and the search");
    assert_eq!(calls.ebay.identities["app:Counted-App-PRD-1"], 2);
    assert_eq!(calls.ecb.total, 0, "images are not API calls");
    assert_eq!(s.switches.calls(), calls);
    s.http.delete(format!("{}/_sandbox/calls", s.base)).send().await.unwrap();
    assert_eq!(s.switches.calls(), Calls::default());
}

#[tokio::test]
async fn a_price_cut_lowers_one_ebay_item_until_it_is_undone() {
    let s = sandbox().await;
    let token = s.ebay_token("Test-App-PRD").await;
    let price = |body: &Value, id: &str| -> Option<f64> {
        body["itemSummaries"].as_array()?.iter().find(|i| i["itemId"] == id)?["price"]["value"].as_str()?.parse().ok()
    };
    let (_, before) = s.ebay(&token, &[("q", "kind of blue")], None).await;
    let item = before["itemSummaries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["price"].is_object())
        .expect("a fixed-price item")["itemId"]
        .as_str()
        .unwrap()
        .to_owned();
    let original = price(&before, &item).unwrap();
    let cut = |percent: &str| {
        s.http
            .post(format!("{}/_sandbox/price-cut", s.base))
            .query(&[("item", item.as_str()), ("percent", percent)])
            .send()
    };
    assert!(cut("20").await.unwrap().status().is_success());
    let (_, after) = s.ebay(&token, &[("q", "kind of blue")], None).await;
    let lowered = price(&after, &item).unwrap();
    assert!((lowered - (original * 0.8)).abs() < 0.011, "{original} -> {lowered}");
    assert!(s.switches.price_cut(&item) == Some(20));
    assert!(cut("0").await.unwrap().status().is_success());
    let (_, restored) = s.ebay(&token, &[("q", "kind of blue")], None).await;
    assert_eq!(price(&restored, &item), Some(original));
    assert_eq!(cut("100").await.unwrap().status(), StatusCode::BAD_REQUEST);
}
