mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use support::{TestApi, assert_422};

#[tokio::test]
async fn health_routing_errors_trailing_slashes_and_the_body_limit() {
    let api = TestApi::new().await;
    let health = api.call(Method::GET, "/health", None, None).await;
    let real = json!({"status": "healthy", "marketplace": "real", "marketplaces": {"discogs": "real", "ebay": "real"}});
    assert_eq!((health.status, health.body.clone()), (StatusCode::OK, real));

    let unknown = api.call(Method::GET, "/api/v1/nowhere", None, None).await;
    assert_eq!((unknown.status, unknown.body), (StatusCode::NOT_FOUND, json!({"detail": "Not Found"})));
    let wrong_method = api.call(Method::PATCH, "/api/v1/searches", None, None).await;
    assert_eq!(
        (wrong_method.status, wrong_method.body),
        (StatusCode::METHOD_NOT_ALLOWED, json!({"detail": "Method Not Allowed"}))
    );

    let token = api.user("ann@example.com").await;
    assert_eq!(api.get("/api/v1/searches/", &token).await.status, StatusCode::OK, "a trailing slash is accepted");
    assert_eq!(api.get("/api/v1/auth/me/", &token).await.body["email"], "ann@example.com");

    let huge = json!({"name": "x".repeat(1 << 20), "query": "q", "platform": "both"});
    let too_large = api.post("/api/v1/searches", &token, huge).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(too_large.body["detail"].is_string());
}

#[tokio::test]
async fn cors_allows_the_configured_origin_with_credentials() {
    let api = TestApi::new().await;
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/v1/searches")
        .header(header::ORIGIN, "http://localhost:3000")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
        .body(Body::empty())
        .unwrap();
    let reply = api.send(preflight).await;
    assert!(reply.status.is_success());
    assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "http://localhost:3000");
    assert_eq!(reply.headers[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");

    let foreign =
        Request::builder().uri("/health").header(header::ORIGIN, "https://evil.example").body(Body::empty()).unwrap();
    assert!(api.send(foreign).await.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn preferences_default_persist_and_merge() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let defaults = json!({"min_record_condition": "VG+", "min_sleeve_condition": "VG+", "seller_location_preference": "US", "check_interval_hours": 24, "currency": "USD", "country": null});
    assert_eq!(api.get("/api/v1/config/preferences", &token).await.body, defaults);

    let updated = api
        .put(
            "/api/v1/config/preferences",
            &token,
            json!({"min_record_condition": "NM", "check_interval_hours": 12, "min_sleeve_condition": null}),
        )
        .await;
    assert_eq!(
        updated.body,
        json!({"min_record_condition": "NM", "min_sleeve_condition": "VG+", "seller_location_preference": "US", "check_interval_hours": 12, "currency": "USD", "country": null})
    );
    let stored = api.get("/api/v1/config/preferences", &token).await;
    assert_eq!(stored.body, updated.body, "persisted");
    let other = api.user("bob@example.com").await;
    assert_eq!(api.get("/api/v1/config/preferences", &other).await.body, defaults, "per user");

    assert_422(&api.put("/api/v1/config/preferences", &token, json!({"check_interval_hours": "soon"})).await);
    assert_422(
        &api.put("/api/v1/config/preferences", &token, json!({"seller_location_preference": "x".repeat(11)})).await,
    );
    assert_eq!(api.call(Method::GET, "/api/v1/config/preferences", None, None).await.status, StatusCode::UNAUTHORIZED);
}

/// Issue #16: the currency every amount is shown in and the country shipping goes to.
#[tokio::test]
async fn preferences_hold_a_known_currency_and_country() {
    let api = TestApi::new().await;
    let token = api.user("eve@example.com").await;
    let set = api.put("/api/v1/config/preferences", &token, json!({"currency": "EUR", "country": "DE"})).await;
    assert_eq!(set.status, StatusCode::OK);
    assert_eq!((set.body["currency"].as_str(), set.body["country"].as_str()), (Some("EUR"), Some("DE")));
    let stored = api.get("/api/v1/config/preferences", &token).await;
    assert_eq!((stored.body["currency"].as_str(), stored.body["country"].as_str()), (Some("EUR"), Some("DE")));

    let unchanged = api.put("/api/v1/config/preferences", &token, json!({"check_interval_hours": 6})).await;
    assert_eq!((unchanged.body["currency"].as_str(), unchanged.body["country"].as_str()), (Some("EUR"), Some("DE")));
    let yen = api.put("/api/v1/config/preferences", &token, json!({"currency": "JPY", "country": "JP"})).await;
    assert_eq!((yen.body["currency"].as_str(), yen.body["country"].as_str()), (Some("JPY"), Some("JP")));

    for body in [
        json!({"currency": "XYZ"}),
        json!({"currency": "eur"}),
        json!({"currency": "EURO"}),
        json!({"country": "UK"}),
        json!({"country": "XX"}),
        json!({"country": "de"}),
    ] {
        let reply = api.put("/api/v1/config/preferences", &token, body.clone()).await;
        assert_422(&reply);
        assert_eq!(reply.body["detail"][0]["type"], "enum", "{body}");
    }
    let after = api.get("/api/v1/config/preferences", &token).await;
    assert_eq!(
        (after.body["currency"].as_str(), after.body["country"].as_str()),
        (Some("JPY"), Some("JP")),
        "nothing stored"
    );
    let cleared = api.put("/api/v1/config/preferences", &token, json!({"country": ""})).await;
    assert_eq!(cleared.body["country"], serde_json::Value::Null);
    assert_eq!(cleared.body["currency"], "JPY");
}

#[tokio::test]
async fn collection_syncs_are_queued_and_their_status_shown() {
    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let empty = json!({"id": "", "item_count": 0, "last_sync_at": null, "sync_status": null, "sync_error": null});
    assert_eq!(api.get("/api/v1/collections/status", &token).await.body, empty);
    assert_eq!(api.get("/api/v1/collections/wantlist/status", &token).await.body, empty);

    let cases = [
        ("/api/v1/collections/sync", "Collection and want list sync queued successfully", "both"),
        ("/api/v1/collections/sync/collection", "Collection sync queued successfully", "collection"),
        ("/api/v1/collections/sync/wantlist", "Want list sync queued successfully", "wantlist"),
    ];
    for (path, message, kind) in cases {
        assert_eq!(api.post(path, &token, json!({})).await.body, json!({"message": message}));
        let jobs = api.drain(&api.deps.config.queues.fetch_discogs).await;
        assert_eq!(jobs.len(), 1, "{path}");
        assert_eq!(jobs[0]["kind"], kind);
        assert_eq!(jobs[0]["v"], 1);
    }
    let status = api.get("/api/v1/collections/status", &token).await.body;
    assert_eq!(status["sync_status"], "queued");
    assert_eq!(status["item_count"], 0);
    assert!(!status["id"].as_str().unwrap().is_empty());
    assert_eq!(api.call(Method::POST, "/api/v1/collections/sync", None, None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn documentation_is_served_from_the_embedded_files_only() {
    let api = TestApi::new().await;
    let list = api.call(Method::GET, "/api/v1/docs/", None, None).await;
    let documents = list.body["documents"].as_array().unwrap();
    assert!(documents.iter().any(|d| d == "performance.md"), "{}", list.text);
    let mut sorted = documents.clone();
    sorted.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    assert_eq!(&sorted, documents);

    let doc = api.call(Method::GET, "/api/v1/docs/performance", None, None).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/markdown"));
    assert_eq!(doc.headers[header::CACHE_CONTROL], "public, max-age=3600");
    assert!(doc.text.starts_with("# Performance"));

    for bad in ["..%2F..%2Fetc%2Fpasswd", "..", "a%5Cb"] {
        let reply = api.call(Method::GET, &format!("/api/v1/docs/{bad}"), None, None).await;
        assert_eq!(
            (reply.status, reply.body),
            (StatusCode::BAD_REQUEST, json!({"detail": "Invalid document name"})),
            "{bad}"
        );
    }
    let missing = api.call(Method::GET, "/api/v1/docs/nope.md", None, None).await;
    assert_eq!((missing.status, missing.body), (StatusCode::NOT_FOUND, json!({"detail": "Documentation not found"})));
}

#[tokio::test]
async fn app_configuration_is_for_admins_and_never_returns_secrets() {
    let api = TestApi::with_admins("boss@example.com").await;
    let user = api.user("ann@example.com").await;
    let admin = api.user("root@admin.com").await;
    let listed_admin = api.user("Boss@example.com").await;

    let body = json!({"provider": "discogs", "consumer_key": "abcdefghijklmnop", "consumer_secret": "top-secret-value", "callback_url": "https://app.example/oauth/callback"});
    let forbidden = json!({"detail": "You don't have permission to access this resource."});
    assert_eq!(api.get("/api/v1/admin/app-config", &user).await.body, forbidden);
    assert_eq!(api.put("/api/v1/admin/app-config/discogs", &user, body.clone()).await.status, StatusCode::FORBIDDEN);
    assert_eq!(api.delete("/api/v1/admin/app-config/discogs", &user).await.status, StatusCode::FORBIDDEN);

    let saved = api.put("/api/v1/admin/app-config/DISCOGS", &admin, body.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(
        saved.body,
        json!({"provider": "discogs", "consumer_key": "abcdefghij...", "callback_url": "https://app.example/oauth/callback", "redirect_uri": null, "scope": null, "is_configured": true})
    );
    let listed = api.get("/api/v1/admin/app-config", &listed_admin).await;
    assert_eq!(listed.body, json!([saved.body]));
    assert!(!listed.text.contains("top-secret-value"));
    let stored = api
        .deps
        .store
        .get_app_config(&api.deps.cipher, vinyldigger::domain::platform::Platform::Discogs)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.consumer_secret.expose(), "top-secret-value", "sealed at rest, opened with the data key");

    let invalid = api.put("/api/v1/admin/app-config/spotify", &admin, body.clone()).await;
    assert_eq!(
        (invalid.status, invalid.body),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"detail": "Invalid provider: spotify. Must be one of: discogs, ebay"})
        )
    );
    let mismatch = api.put("/api/v1/admin/app-config/ebay", &admin, body.clone()).await;
    assert_eq!(
        (mismatch.status, mismatch.body),
        (StatusCode::BAD_REQUEST, json!({"detail": "Provider in URL must match provider in body."}))
    );
    assert_422(&api.put("/api/v1/admin/app-config/discogs", &admin, json!({"provider": "discogs"})).await);
    assert_422(
        &api.put(
            "/api/v1/admin/app-config/discogs",
            &admin,
            json!({"provider": "myspace", "consumer_key": "k", "consumer_secret": "s"}),
        )
        .await,
    );

    let short = api.put("/api/v1/admin/app-config/ebay", &admin, json!({"provider": "EBAY", "consumer_key": "short", "consumer_secret": "s", "redirect_uri": "", "scope": ""})).await;
    assert_eq!(short.body["consumer_key"], "short...");
    assert_eq!(short.body["redirect_uri"], "");

    assert_eq!(
        api.delete("/api/v1/admin/app-config/discogs", &admin).await.body,
        json!({"message": "Configuration for discogs deleted successfully."})
    );
    let gone = api.delete("/api/v1/admin/app-config/discogs", &admin).await;
    assert_eq!(
        (gone.status, gone.body),
        (StatusCode::NOT_FOUND, json!({"detail": "Configuration for discogs not found."}))
    );
    assert_eq!(api.delete("/api/v1/admin/app-config/nope", &admin).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn price_history_of_a_listing_and_a_release() {
    use vinyldigger::domain::money::Money;
    use vinyldigger::domain::platform::Platform;
    use vinyldigger::domain::price_history::PricePoint;

    let api = TestApi::new().await;
    let token = api.user("ann@example.com").await;
    let t0 = chrono::Utc::now() - chrono::Duration::days(1);
    for (hours, cents) in [(0, 2500), (5, 2300)] {
        let point = PricePoint { at: t0 + chrono::Duration::hours(hours), price: Money::usd_cents(cents) };
        api.deps.store.put_price_point(Platform::Ebay, "12345", &point).await.unwrap();
    }
    let listing = api.get("/api/v1/price-history/ebay/12345", &token).await;
    assert_eq!(listing.status, StatusCode::OK, "{}", listing.text);
    let prices: Vec<_> =
        listing.body["points"].as_array().unwrap().iter().map(|p| p["price"].as_f64().unwrap()).collect();
    assert_eq!(prices, [25.0, 23.0]);
    assert_eq!(listing.body["points"][0]["currency"], "USD");
    assert_eq!(api.get("/api/v1/price-history/myspace/1", &token).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        api.get("/api/v1/price-history/discogs/unknown", &token).await.body["points"].as_array().unwrap().is_empty()
    );

    for cents in [3000, 1000, 2000] {
        api.deps.store.record_release_price("249504", Money::usd_cents(cents), t0).await.unwrap();
    }
    let release = api.get("/api/v1/price-history/releases/249504", &token).await;
    assert_eq!(release.status, StatusCode::OK, "{}", release.text);
    assert_eq!(
        release.body["days"],
        json!([{"day": t0.date_naive().to_string(), "min": 10.0, "max": 30.0, "avg": 20.0, "count": 3}])
    );
    assert_eq!((release.body["currency"].as_str(), release.body["rates_date"].as_str()), (Some("USD"), None));
    assert_eq!(
        api.call(Method::GET, "/api/v1/price-history/releases/249504", None, None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // A user in euros, with the day's rates: every amount converted, the listed one kept beside.
    use vinyldigger::domain::money::Currency;
    use vinyldigger::domain::rates::{Rate, Rates};
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let rates =
        [("USD", "1.0870"), ("GBP", "0.85870")].map(|(c, r)| (Currency::new(c).unwrap(), Rate::parse(r).unwrap()));
    api.deps.store.put_rates(&Rates::new(day, rates), chrono::Utc::now()).await.unwrap();
    let euro = api.user("eu@example.com").await;
    api.put("/api/v1/config/preferences", &euro, json!({"currency": "EUR", "country": "DE"})).await;
    let listing = api.get("/api/v1/price-history/ebay/12345", &euro).await;
    assert_eq!(
        (listing.body["currency"].as_str(), listing.body["rates_date"].as_str()),
        (Some("EUR"), Some("2026-12-01"))
    );
    // 25.00 USD = 22.9990… EUR, 23.00 USD = 21.1591… EUR
    assert_eq!(
        listing.body["points"][0],
        json!({"at": listing.body["points"][0]["at"], "price": 23.0, "currency": "EUR", "original_price": {"amount": 25.0, "currency": "USD"}})
    );
    assert_eq!(listing.body["points"][1]["price"], 21.16);

    api.deps.store.record_release_price("249504", Money::new(1704, Currency::GBP), t0).await.unwrap();
    api.deps.store.record_release_price("249504", Money::new(20000, Currency::SEK), t0).await.unwrap();
    let release = api.get("/api/v1/price-history/releases/249504", &euro).await;
    assert_eq!(release.status, StatusCode::OK, "{}", release.text);
    // USD 10, 30 and their sum 60 = 9.20, 27.60 and 55.20 EUR; 17.04 GBP = 19.84 EUR; SEK has no rate.
    assert_eq!(
        release.body["days"],
        json!([{"day": t0.date_naive().to_string(), "min": 9.2, "max": 27.6, "avg": 18.76, "count": 4}])
    );
    assert_eq!(release.body["unconverted_currencies"], json!(["SEK"]));
    assert_eq!(
        (release.body["currency"].as_str(), release.body["rates_date"].as_str()),
        (Some("EUR"), Some("2026-12-01"))
    );
    // The dollar user's view is unchanged by the pound's price, and says what it leaves out.
    let dollars = api.get("/api/v1/price-history/releases/249504", &token).await;
    assert_eq!(dollars.body["days"][0]["count"], 4);
    assert_eq!(dollars.body["unconverted_currencies"], json!(["SEK"]));
}
