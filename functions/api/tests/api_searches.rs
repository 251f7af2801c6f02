mod support;

use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Value, json};
use support::{TestApi, assert_422};
use vinyldigger::domain::ids::SearchId;
use vinyldigger::domain::listing::{Listing, StoredResult};
use vinyldigger::domain::money::Money;
use vinyldigger::domain::platform::Platform;
use vinyldigger::store::keys;

fn search_body(name: &str) -> serde_json::Value {
    json!({"name": name, "query": "kind of blue", "platform": "Both"})
}

#[tokio::test]
async fn create_applies_defaults_and_returns_exactly_the_spec_fields() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let reply = api
        .post(
            "/api/v1/searches",
            &token,
            json!({"name": "Miles", "query": "kind of blue", "platform": "EBAY", "is_active": false}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let mut keys: Vec<_> = reply.body.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "any_pressing",
            "check_interval_hours",
            "created_at",
            "filters",
            "id",
            "is_active",
            "last_run_at",
            "min_record_condition",
            "min_sleeve_condition",
            "name",
            "platform",
            "query",
            "seller_location_preference",
            "source",
            "updated_at"
        ]
    );
    assert_eq!((&reply.body["source"], &reply.body["any_pressing"]), (&json!("query"), &json!(false)));
    assert_eq!(reply.body["platform"], "ebay");
    assert_eq!(reply.body["filters"], json!({}));
    assert_eq!(reply.body["check_interval_hours"], 24);
    assert_eq!(reply.body["is_active"], true, "a new search is always active");
    assert_eq!(reply.body["last_run_at"], json!(null));

    let coerced = api
        .post("/api/v1/searches", &token, json!({"name": "n", "query": "q", "platform": "discogs", "check_interval_hours": "12", "filters": {"min_price": 10}}))
        .await;
    assert_eq!(coerced.body["check_interval_hours"], 12);
    assert_eq!(coerced.body["filters"], json!({"min_price": 10}));
    let whole_float = api
        .post(
            "/api/v1/searches",
            &token,
            json!({"name": "n", "query": "q", "platform": "both", "check_interval_hours": 6.0}),
        )
        .await;
    assert_eq!(whole_float.body["check_interval_hours"], 6);
    let html = api
        .post(
            "/api/v1/searches",
            &token,
            json!({"name": "<script>alert(1)</script>", "query": "'; DROP TABLE--", "platform": "both"}),
        )
        .await;
    assert_eq!(html.body["name"], "<script>alert(1)</script>", "stored verbatim");
}

#[tokio::test]
async fn create_rejects_invalid_bodies_with_422() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let long = "x".repeat(256);
    for body in [
        json!({"name": "n", "query": "q", "platform": "invalid"}),
        json!({"name": "n", "query": "q", "platform": ""}),
        json!({"name": "n", "query": "q", "platform": "both", "check_interval_hours": 0}),
        json!({"name": "n", "query": "q", "platform": "both", "check_interval_hours": -3}),
        json!({"name": "n", "query": "q", "platform": "both", "check_interval_hours": 1.5}),
        json!({"name": "n", "query": "q", "platform": "both", "check_interval_hours": "often"}),
        json!({"name": "n", "query": "q", "platform": "both", "check_interval_hours": 1_000_000}),
        json!({"name": long, "query": "q", "platform": "both"}),
        json!({"name": "n", "query": "q".repeat(501), "platform": "both"}),
        json!({"name": "n", "query": "q", "platform": "both", "min_record_condition": "VERY GOOD PLUS"}),
        json!({"name": null, "query": "q", "platform": "both"}),
        json!({"name": "n", "query": "q", "platform": "both", "filters": null}),
        json!({"name": "n", "query": "q", "platform": "both", "filters": [1]}),
        json!({"name": 5, "query": "q", "platform": "both"}),
        json!({"query": "q", "platform": "both"}),
        json!({"name": "  ", "query": "q", "platform": "both"}),
    ] {
        let reply = api.post("/api/v1/searches", &token, body.clone()).await;
        assert_422(&reply);
        assert!(reply.body["detail"].is_array(), "{body}: {}", reply.text);
    }
    assert!(api.get("/api/v1/searches", &token).await.body.as_array().unwrap().is_empty(), "nothing was stored");
}

#[tokio::test]
async fn searches_belong_to_their_owner() {
    let api = TestApi::new().await;
    let ann = api.user("ann@example.com").await;
    let bob = api.user("bob@example.com").await;
    let first = api.search(&ann, search_body("first")).await;
    let second = api.search(&ann, search_body("second")).await;

    let listed = api.get("/api/v1/searches", &ann).await;
    let names: Vec<_> =
        listed.body.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["first", "second"]);
    assert!(api.get("/api/v1/searches", &bob).await.body.as_array().unwrap().is_empty());

    let not_found = json!({"detail": "Search not found"});
    for path in [
        format!("/api/v1/searches/{first}"),
        format!("/api/v1/searches/{first}/results"),
        format!("/api/v1/searches/{first}/runs/latest"),
        format!("/api/v1/analysis/search/{first}/analysis"),
        format!("/api/v1/analysis/search/{first}/multi-item-deals"),
        format!("/api/v1/analysis/search/{first}/price-comparison"),
    ] {
        let reply = api.get(&path, &bob).await;
        assert_eq!((reply.status, &reply.body), (StatusCode::NOT_FOUND, &not_found), "{path}");
    }
    assert_eq!(api.put(&format!("/api/v1/searches/{first}"), &bob, json!({"name": "stolen"})).await.body, not_found);
    assert_eq!(api.post(&format!("/api/v1/searches/{first}/run"), &bob, json!({})).await.body, not_found);
    assert_eq!(api.delete(&format!("/api/v1/searches/{first}"), &bob).await.body, not_found);
    assert_eq!(api.get(&format!("/api/v1/searches/{first}"), &ann).await.body["name"], "first");

    assert_eq!(
        api.delete(&format!("/api/v1/searches/{second}"), &ann).await.body,
        json!({"message": "Search deleted successfully"})
    );
    assert_eq!(api.get(&format!("/api/v1/searches/{second}"), &ann).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.delete(&format!("/api/v1/searches/{second}"), &ann).await.status, StatusCode::NOT_FOUND);

    let unknown = SearchId::new();
    assert_eq!(api.get(&format!("/api/v1/searches/{unknown}"), &ann).await.status, StatusCode::NOT_FOUND);
    for bad in ["not-a-uuid", "123", "%20"] {
        assert_422(&api.get(&format!("/api/v1/searches/{bad}"), &ann).await);
    }
}

#[tokio::test]
async fn update_applies_present_fields_and_keeps_the_due_index_consistent() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, search_body("due")).await;
    let search_id: SearchId = id.parse().unwrap();
    let due = |at| {
        let store = api.deps.store.clone();
        async move { store.due_searches(keys::due_shard(search_id), at).await.unwrap().iter().any(|s| s.id == search_id) }
    };
    assert!(due(Utc::now()).await, "a new search is due at once");

    let paused = api.put(&format!("/api/v1/searches/{id}"), &token, json!({"is_active": false})).await;
    assert_eq!(paused.body["is_active"], false);
    assert_eq!(paused.body["name"], "due", "absent fields are kept");
    assert!(!due(Utc::now() + chrono::Duration::days(400)).await);

    let resumed = api.put(&format!("/api/v1/searches/{id}"), &token, json!({"is_active": true, "check_interval_hours": 6, "min_record_condition": "NM", "filters": {"genre": "Jazz"}})).await;
    assert_eq!(resumed.status, StatusCode::OK, "{}", resumed.text);
    assert_eq!(resumed.body["check_interval_hours"], 6);
    assert_eq!(resumed.body["filters"], json!({"genre": "Jazz"}));
    assert!(resumed.body["updated_at"].as_str() > paused.body["updated_at"].as_str());
    assert!(due(Utc::now()).await, "resumed, and it never ran, so it is due");

    let cleared = api
        .put(&format!("/api/v1/searches/{id}"), &token, json!({"min_record_condition": null, "platform": "DISCOGS"}))
        .await;
    assert_eq!(cleared.body["min_record_condition"], json!(null), "nullable fields can be cleared");
    assert_eq!(cleared.body["platform"], "discogs");

    for body in [
        json!({"name": null}),
        json!({"query": null}),
        json!({"platform": null}),
        json!({"filters": null}),
        json!({"check_interval_hours": null}),
        json!({"is_active": null}),
        json!({"is_active": "yes"}),
        json!({"platform": "vinyl"}),
        json!({"check_interval_hours": 0}),
        json!({"name": "x".repeat(300)}),
    ] {
        assert_422(&api.put(&format!("/api/v1/searches/{id}"), &token, body).await);
    }
    assert_eq!(api.get(&format!("/api/v1/searches/{id}"), &token).await.body["name"], "due");
}

#[tokio::test]
async fn run_now_creates_a_run_and_queues_one_fetch_job_per_marketplace() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api
        .search(&token, json!({"name": "n", "query": "blue train", "platform": "both", "filters": {"max_price": 50}}))
        .await;
    assert_eq!(
        api.get(&format!("/api/v1/searches/{id}/runs/latest"), &token).await.body,
        json!({"detail": "Search has not run yet"})
    );

    api.put(&format!("/api/v1/searches/{id}"), &token, json!({"is_active": false})).await;
    let reply = api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await;
    assert_eq!(reply.body["message"], "Search queued successfully", "a paused search still runs on demand");

    let run = api.get(&format!("/api/v1/searches/{id}/runs/latest"), &token).await;
    assert_eq!(run.status, StatusCode::OK);
    assert_eq!(reply.body["run_id"], run.body["id"]);
    assert_eq!(run.body["status"], "queued");
    assert_eq!(run.body["platforms"], json!(["discogs", "ebay"]));
    assert_eq!(run.body["pending"], json!(["discogs", "ebay"]));

    let queues = &api.deps.config.queues;
    let discogs = api.drain(&queues.fetch_discogs).await;
    let ebay = api.drain(&queues.fetch_ebay).await;
    assert_eq!((discogs.len(), ebay.len()), (1, 1));
    for (job, platform) in [(&discogs[0], "discogs"), (&ebay[0], "ebay")] {
        assert_eq!(job["v"], 1);
        assert_eq!(job["platform"], platform);
        assert_eq!(job["search_id"], id);
        assert_eq!(job["run_id"], run.body["id"]);
        assert_eq!(job["query"], "blue train");
        assert_eq!(job["filters"], json!({"max_price": 50}));
    }
}

fn listing(id: &str, price_cents: i64) -> Listing {
    Listing::new(Platform::Ebay, id, format!("Miles Davis - Kind of Blue #{id}"), Money::usd_cents(price_cents))
}

#[tokio::test]
async fn results_hide_owned_records_and_list_wanted_ones_first_then_newest() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, search_body("results")).await;
    let search: SearchId = id.parse().unwrap();
    let t0 = Utc::now();
    let stored = [
        ("old", 0, false, false),
        ("new", 10, false, false),
        ("owned", 20, false, true),
        ("wanted-old", 1, true, false),
        ("wanted-new", 5, true, false),
    ];
    for (name, minutes, wanted, owned) in stored {
        let mut result = StoredResult::new(format!("{name}-id"), listing(name, 1999)).wanted(wanted).owned(owned);
        result.created_at = Some(t0 + chrono::Duration::minutes(minutes));
        api.deps.store.put_result(search, &result).await.unwrap();
    }
    let reply = api.get(&format!("/api/v1/searches/{id}/results"), &token).await;
    assert_eq!(reply.status, StatusCode::OK);
    let items = reply.body.as_array().unwrap();
    let order: Vec<_> = items.iter().map(|r| r["item_id"].as_str().unwrap()).collect();
    assert_eq!(order, ["wanted-new", "wanted-old", "new", "old"]);
    let first = &items[0];
    let mut keys: Vec<_> = first.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "created_at",
            "currency",
            "id",
            "is_in_collection",
            "is_in_wantlist",
            "item_data",
            "item_id",
            "landed_cost",
            "platform",
            "price",
            "rates_date",
            "shipping_estimated"
        ]
    );
    assert_eq!(first["platform"], "ebay");
    assert_eq!(first["item_data"]["price"], 19.99);
    assert_eq!(first["item_data"]["currency"], "USD");
    // A dollar listing for a user in dollars: no conversion; a seller-less listing ships from an
    // unknown region (OTH → US, 35.00, estimated).
    assert_eq!((first["currency"].as_str(), first["price"].as_f64()), (Some("USD"), Some(19.99)));
    assert_eq!((first["landed_cost"].as_f64(), first["shipping_estimated"].as_bool()), (Some(54.99), Some(true)));
    assert!(first["rates_date"].is_null());

    for i in 0..120 {
        api.deps
            .store
            .put_result(search, &StoredResult::new(format!("bulk-{i}"), listing(&format!("bulk-{i}"), 500)))
            .await
            .unwrap();
    }
    assert_eq!(api.get(&format!("/api/v1/searches/{id}/results"), &token).await.body.as_array().unwrap().len(), 100);
}

/// Each result carries its amounts in the user's currency beside the listed ones.
#[tokio::test]
async fn results_carry_landed_costs_in_the_users_currency() {
    use vinyldigger::domain::listing::SellerInfo;
    use vinyldigger::domain::money::Currency;
    use vinyldigger::domain::rates::{Rate, Rates};

    let api = TestApi::new().await;
    let token = api.user("eu@example.com").await;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let rates =
        [("USD", "1.0870"), ("GBP", "0.85870")].map(|(c, r)| (Currency::new(c).unwrap(), Rate::parse(r).unwrap()));
    api.deps.store.put_rates(&Rates::new(day, rates), Utc::now()).await.unwrap();
    let prefs = api.put("/api/v1/config/preferences", &token, json!({"currency": "EUR", "country": "DE"})).await;
    assert_eq!(prefs.status, StatusCode::OK, "{}", prefs.text);
    let id = api.search(&token, search_body("converted")).await;
    let search: SearchId = id.parse().unwrap();
    let seller = |location: &str| SellerInfo {
        id: format!("s-{location}"),
        name: "s".into(),
        location: Some(location.into()),
        feedback_percentage: None,
        feedback_count: None,
        estimated_shipping: None,
        url: None,
    };
    let mut usd = listing("usd", 2000).with_seller(seller("US"));
    usd.shipping = Some(Money::usd_cents(500));
    let gbp =
        Listing::new(Platform::Discogs, "gbp", "A - T", Money::new(1704, Currency::GBP)).with_seller(seller("GB"));
    let sek =
        Listing::new(Platform::Discogs, "sek", "A - T", Money::new(20000, Currency::SEK)).with_seller(seller("SE"));
    let eur =
        Listing::new(Platform::Discogs, "eur", "A - T", Money::new(1863, Currency::EUR)).with_seller(seller("DE"));
    for (i, l) in [usd, gbp, sek, eur].into_iter().enumerate() {
        let mut r = StoredResult::new(format!("r-{}", l.listing_id), l);
        r.created_at = Some(Utc::now() - chrono::Duration::minutes(i as i64));
        api.deps.store.put_result(search, &r).await.unwrap();
    }
    let reply = api.get(&format!("/api/v1/searches/{id}/results"), &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let by_id = |item: &str| reply.body.as_array().unwrap().iter().find(|r| r["item_id"] == item).unwrap().clone();
    let usd = by_id("usd");
    // 20.00 USD = 18.40 EUR; + 5.00 USD stated = 4.60 EUR.
    assert_eq!(
        (usd["currency"].as_str(), usd["price"].as_f64(), usd["landed_cost"].as_f64()),
        (Some("EUR"), Some(18.4), Some(23.0))
    );
    assert_eq!(usd["original_price"], json!({"amount": 20.0, "currency": "USD"}));
    assert_eq!((usd["shipping_estimated"].as_bool(), usd["rates_date"].as_str()), (Some(false), Some("2026-12-01")));
    assert_eq!((usd["item_data"]["price"].as_f64(), usd["item_data"]["currency"].as_str()), (Some(20.0), Some("USD")));
    let gbp = by_id("gbp");
    // 17.04 GBP = 19.84 EUR; + the UK → EU estimate 15.00 USD = 13.80 EUR.
    assert_eq!(
        (gbp["price"].as_f64(), gbp["landed_cost"].as_f64(), gbp["shipping_estimated"].as_bool()),
        (Some(19.84), Some(33.64), Some(true))
    );
    let sek = by_id("sek");
    assert!(sek["price"].is_null() && sek["landed_cost"].is_null() && sek["rates_date"].is_null(), "{sek}");
    assert_eq!(sek["original_price"], json!({"amount": 200.0, "currency": "SEK"}));
    let eur = by_id("eur");
    // In euros already, but the EU → EU estimate (12.00 USD = 11.04 EUR) is converted.
    assert_eq!((eur["price"].as_f64(), eur["landed_cost"].as_f64()), (Some(18.63), Some(29.67)));
    assert!(eur.get("original_price").is_none() && eur["rates_date"] == "2026-12-01", "{eur}");
}

#[tokio::test]
async fn deleting_a_search_through_the_api_removes_its_results_and_runs() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let id = api.search(&token, search_body("doomed")).await;
    let search: SearchId = id.parse().unwrap();
    api.post(&format!("/api/v1/searches/{id}/run"), &token, json!({})).await;
    api.deps.store.put_result(search, &StoredResult::new("r1", listing("1", 100))).await.unwrap();
    assert_eq!(api.delete(&format!("/api/v1/searches/{id}"), &token).await.status, StatusCode::OK);
    assert!(api.deps.store.list_results(search).await.unwrap().is_empty());
    assert!(api.deps.store.latest_run(search).await.unwrap().is_none());
}

fn wants(n: u64) -> Vec<vinyldigger::domain::lists::ListItem> {
    (1..=n)
        .map(|i| vinyldigger::domain::lists::ListItem {
            item_id: i.to_string(),
            release_id: 1000 + i,
            master_id: (i % 2 == 0).then_some(500 + i),
            title: format!("Album {i}"),
            artist: Some(format!("Artist {i}")),
            year: None,
            format: None,
            catalog_number: None,
            added_at: None,
        })
        .collect()
}

#[tokio::test]
async fn a_want_list_search_needs_no_query_and_a_query_search_still_does() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let reply = api
        .post(
            "/api/v1/searches",
            &token,
            json!({"name": "wants", "platform": "both", "source": "wantlist", "any_pressing": true}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        (&reply.body["source"], &reply.body["any_pressing"], &reply.body["query"]),
        (&json!("wantlist"), &json!(true), &json!(""))
    );
    let id = reply.body["id"].as_str().unwrap().to_owned();
    assert_eq!(api.get(&format!("/api/v1/searches/{id}"), &token).await.body["source"], "wantlist");
    // A blank query is a want-list search's right only.
    assert_422(&api.post("/api/v1/searches", &token, json!({"name": "n", "query": " ", "platform": "both"})).await);
    assert_422(
        &api.post("/api/v1/searches", &token, json!({"name": "n", "platform": "both", "source": "everything"})).await,
    );
    assert_422(&api.put(&format!("/api/v1/searches/{id}"), &token, json!({"source": "query"})).await);
    let switched =
        api.put(&format!("/api/v1/searches/{id}"), &token, json!({"source": "query", "query": "blue train"})).await;
    assert_eq!((&switched.body["source"], &switched.body["query"]), (&json!("query"), &json!("blue train")));
    assert_422(&api.put(&format!("/api/v1/searches/{id}"), &token, json!({"query": ""})).await);
}

#[tokio::test]
async fn want_list_runs_check_slices_oldest_first_and_the_search_shows_each_want_s_last_check() {
    use vinyldigger::pipeline::start_run;
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let user: vinyldigger::domain::ids::UserId =
        api.get("/api/v1/auth/me", &token).await.body["id"].as_str().unwrap().parse().unwrap();
    let store = &api.deps.store;
    store.replace_list_items(user, vinyldigger::domain::lists::ListKind::Wantlist, &wants(10)).await.unwrap();
    let id = api
        .search(&token, json!({"name": "wants", "platform": "ebay", "source": "wantlist", "any_pressing": true, "check_interval_hours": 6}))
        .await;
    let unchecked = api.get(&format!("/api/v1/searches/{id}/wants"), &token).await;
    assert_eq!(unchecked.status, StatusCode::OK);
    assert_eq!(unchecked.body.as_array().unwrap().len(), 10);
    assert!(unchecked.body.as_array().unwrap().iter().all(|w| w["last_checked_at"].is_null()));

    let search = store.get_search(user, id.parse().unwrap()).await.unwrap().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for round in 0..4 {
        let at = Utc::now() + chrono::Duration::hours(6 * round);
        start_run(store, &api.deps.queues, &search, at).await.unwrap();
        let jobs = api.drain(&api.deps.config.queues.fetch_ebay).await;
        assert_eq!(jobs.len(), 1);
        let slice: Vec<u64> = jobs[0]["wantlist"]["wants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["release_id"].as_u64().unwrap())
            .collect();
        // Ten wants every six hours: three a run, so the whole list within a day.
        assert_eq!(slice.len(), 3, "round {round}");
        let fresh: Vec<&u64> = slice.iter().filter(|r| !seen.contains(*r)).collect();
        assert_eq!(fresh.len(), slice.len().min(10 - seen.len()), "never-checked wants first: {slice:?}");
        seen.extend(slice.iter().copied());
        // The eBay fetcher records the wants it checked (a run's start records nothing).
        store.mark_wants_checked(search.id, Platform::Ebay, &slice, at).await.unwrap();
        assert_eq!(jobs[0]["wantlist"]["answer_max_age_minutes"], 360);
        assert!(
            jobs[0]["wantlist"]["wants"]
                .as_array()
                .unwrap()
                .iter()
                .all(|w| w["any_pressing"] == json!(w["master_id"].is_u64()))
        );
    }
    assert_eq!(seen.len(), 10, "every want checked in four runs");
    let checked = api.get(&format!("/api/v1/searches/{id}/wants"), &token).await.body;
    assert!(checked.as_array().unwrap().iter().all(|w| w["last_checked_at"].is_string()), "{checked}");
    assert_eq!(
        api.get(&format!("/api/v1/searches/{}/wants", SearchId::new()), &token).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_want_s_own_any_pressing_switch_is_set_shown_and_used_by_the_next_run() {
    use vinyldigger::pipeline::start_run;
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let user: vinyldigger::domain::ids::UserId =
        api.get("/api/v1/auth/me", &token).await.body["id"].as_str().unwrap().parse().unwrap();
    let store = &api.deps.store;
    // Want 1002 has a master, 1001 none.
    store.replace_list_items(user, vinyldigger::domain::lists::ListKind::Wantlist, &wants(2)).await.unwrap();
    let id = api
        .search(&token, json!({"name": "wants", "platform": "ebay", "source": "wantlist", "any_pressing": true, "check_interval_hours": 24}))
        .await;
    let want = |body: &serde_json::Value, release: &str| {
        body.as_array().unwrap().iter().find(|w| w["release_id"] == release).cloned().unwrap()
    };
    let listed = api.get(&format!("/api/v1/searches/{id}/wants"), &token).await.body;
    assert_eq!(
        (&want(&listed, "1002")["any_pressing"], &want(&listed, "1002")["any_pressing_override"]),
        (&json!(true), &Value::Null)
    );
    assert_eq!(want(&listed, "1001")["any_pressing"], false, "no master, no other pressing");

    let path = format!("/api/v1/searches/{id}/wants/1002");
    let set = patch(&api, &path, &token, json!({"any_pressing": false})).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!((&set.body["any_pressing"], &set.body["any_pressing_override"]), (&json!(false), &json!(false)));
    let listed = api.get(&format!("/api/v1/searches/{id}/wants"), &token).await.body;
    assert_eq!(want(&listed, "1002")["any_pressing_override"], false, "persisted");

    // The next run's job carries the want's own switch, the other want the search's.
    let search = store.get_search(user, id.parse().unwrap()).await.unwrap().unwrap();
    start_run(store, &api.deps.queues, &search, Utc::now()).await.unwrap();
    let jobs = api.drain(&api.deps.config.queues.fetch_ebay).await;
    let job_want = &jobs[0]["wantlist"]["wants"].as_array().unwrap().iter().find(|w| w["release_id"] == 1002).cloned();
    assert_eq!(job_want.as_ref().map(|w| &w["any_pressing"]), Some(&json!(false)), "{jobs:?}");

    // `null` gives the want back to the search's switch.
    let cleared = patch(&api, &path, &token, json!({"any_pressing": null})).await;
    assert_eq!((&cleared.body["any_pressing"], &cleared.body["any_pressing_override"]), (&json!(true), &Value::Null));

    // Refused: a body without the field or with another type, an id that is not a release id.
    for body in [json!({}), json!({"any_pressing": "yes"}), json!({"any_pressing": true, "other": 1})] {
        assert_422(&patch(&api, &path, &token, body).await);
    }
    assert_422(&patch(&api, &format!("/api/v1/searches/{id}/wants/+7"), &token, json!({"any_pressing": true})).await);
    // Not found: a release not in the want list, someone else's search, no such search.
    let missing = patch(&api, &format!("/api/v1/searches/{id}/wants/999"), &token, json!({"any_pressing": true})).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bob = api.user("bob@example.com").await;
    let foreign = patch(&api, &path, &bob, json!({"any_pressing": true})).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(api.get(&format!("/api/v1/searches/{id}/wants"), &bob).await.status, StatusCode::NOT_FOUND);
    let nowhere = format!("/api/v1/searches/{}/wants/1002", SearchId::new());
    assert_eq!(patch(&api, &nowhere, &token, json!({"any_pressing": true})).await.status, StatusCode::NOT_FOUND);
    let listed = api.get(&format!("/api/v1/searches/{id}/wants"), &token).await.body;
    assert_eq!(want(&listed, "1002")["any_pressing_override"], Value::Null, "Bob changed nothing");
}

async fn patch(api: &TestApi, path: &str, token: &str, body: Value) -> support::Reply {
    api.call(axum::http::Method::PATCH, path, Some(token), Some(body)).await
}
