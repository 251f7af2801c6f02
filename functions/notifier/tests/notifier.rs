//! The notifier's handler and digest on the emulators: in-app alerts in the table, e-mails read
//! back from the SES emulator, webhook POSTs received on 127.0.0.1 and checked for their signature.

mod support;

use chrono::{Duration, Utc};
use support::{Harness, expected_signature};
use vinyldigger::domain::alerts::settings::{AlertRule, Delivery};
use vinyldigger::events::PriceDrop;

#[tokio::test]
async fn a_new_wanted_listing_alerts_once_in_app_by_email_and_by_signed_webhook() {
    let h = Harness::new().await;
    let secret = h.all_channels(|_| {}).await;
    let search = h.search("miles davis").await;
    let id = h.wanted(search.id, "v1|111|0", 1, "vinylvault", 2500).await;
    let event = h.event(search.id, &[&id], Vec::new());

    h.handle(event.clone(), Utc::now()).await;
    let notes = h.deps.store.list_notifications(h.user.id).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].alert.headline(), "Wanted: Miles Davis - Record 1 for $25.00");
    assert_eq!(h.deps.store.count_unread(h.user.id).await.unwrap(), 1);

    let emails = h.emails().await;
    assert_eq!(emails.len(), 1, "one e-mail");
    let mail = &emails[0];
    assert!(
        mail.raw.contains("List-Unsubscribe: <http://127.0.0.1:8000/api/v1/notifications/unsubscribe?token="),
        "{mail:?}"
    );
    assert!(mail.raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert_eq!(mail.subject, "Wanted: Miles Davis - Record 1 for $25.00");
    for part in [&mail.text, &mail.html] {
        assert!(
            part.contains(&format!("http://127.0.0.1:8000/searches/{}", search.id)),
            "a link to the search: {part}"
        );
        assert!(part.contains("https://www.ebay.com/itm/v1|111|0"), "the listing: {part}");
        assert!(part.contains("99.8 % positive") && part.contains("Near Mint"), "seller rating and condition: {part}");
        assert!(part.contains("$25.00 (USD)"), "the price and its currency: {part}");
        assert!(part.contains("/api/v1/notifications/unsubscribe?token="), "the unsubscribe link: {part}");
    }

    let posts = h.hook.posts.lock().unwrap().clone();
    assert_eq!(posts.len(), 1, "one webhook POST");
    let (headers, body) = &posts[0];
    assert_eq!(headers["x-vinyldigger-signature"].to_str().unwrap(), expected_signature(&secret, body));
    let json: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!((json["type"].as_str(), json["alerts"][0]["kind"].as_str()), (Some("alert"), Some("wanted")));
    assert_eq!(json["alerts"][0]["listings"][0]["price"], serde_json::json!({"minor": 2500, "currency": "USD"}));

    // The same event again (an SQS redelivery), and the same listing in another run.
    h.handle(event, Utc::now()).await;
    h.handle(h.event(search.id, &[&id], Vec::new()), Utc::now()).await;
    assert_eq!(h.deps.store.list_notifications(h.user.id).await.unwrap().len(), 1);
    assert_eq!(h.emails().await.len(), 1);
    assert_eq!(h.hook.count(), 1);
}

#[tokio::test]
async fn a_drop_by_the_threshold_alerts_once_and_a_smaller_one_not_at_all() {
    let h = Harness::new().await;
    h.all_channels(|s| s.email_enabled = false).await;
    let search = h.search("drops").await;
    h.wanted(search.id, "v1|222|0", 2, "s", 1800).await;
    h.wanted(search.id, "v1|333|0", 3, "t", 1950).await;
    let drop = |item: &str, old, new| PriceDrop {
        platform: "ebay".into(),
        listing_id: item.into(),
        old_minor: old,
        new_minor: new,
    };
    let event = h.event(search.id, &[], vec![drop("v1|222|0", 2000, 1800), drop("v1|333|0", 2000, 1950)]);
    h.handle(event.clone(), Utc::now()).await;
    h.handle(event, Utc::now()).await;
    let notes = h.deps.store.list_notifications(h.user.id).await.unwrap();
    assert_eq!(notes.len(), 1, "only the 10 % drop");
    assert!(notes[0].alert.headline().contains("$20.00 → $18.00"), "{}", notes[0].alert.headline());
    assert_eq!(h.hook.count(), 1);
    assert!(h.emails().await.is_empty(), "e-mail is off");
}

#[tokio::test]
async fn digest_mode_sends_one_digest_at_the_chosen_hour() {
    let h = Harness::new().await;
    let ten = Utc::now().date_naive().and_hms_opt(10, 0, 0).unwrap().and_utc();
    h.all_channels(|s| s.digest_hour = 11).await;
    let search = h.search("digest").await;
    let rule = AlertRule { delivery: Delivery::Digest, ..AlertRule::default() };
    h.deps.store.put_alert_rule(search.id, &rule).await.unwrap();
    let a = h.wanted(search.id, "v1|1|0", 11, "x", 1000).await;
    let b = h.wanted(search.id, "v1|2|0", 12, "y", 1100).await;
    h.handle(h.event(search.id, &[&a, &b], Vec::new()), ten).await;
    assert_eq!(h.deps.store.list_notifications(h.user.id).await.unwrap().len(), 2, "both in the app at once");
    assert!(h.emails().await.is_empty() && h.hook.count() == 0, "nothing pushed at once");

    let before_hour = notifier::digest::tick(&h.deps, ten).await.unwrap();
    assert_eq!((before_hour.waiting, before_hour.sent), (1, 0));
    let report = notifier::digest::tick(&h.deps, ten + Duration::hours(1)).await.unwrap();
    assert_eq!(report.sent, 1, "{report:?}");
    let emails = h.emails().await;
    assert_eq!(emails.len(), 1, "one digest e-mail");
    assert_eq!(emails[0].subject, "VinylDigger: 2 alerts today");
    assert!(emails[0].says("Record 11") && emails[0].says("Record 12"));
    assert_eq!(h.hook.count(), 1, "one digest webhook");
    assert_eq!(h.hook.bodies()[0]["type"], "digest");

    notifier::digest::tick(&h.deps, ten + Duration::hours(2)).await.unwrap();
    assert_eq!(h.emails().await.len(), 1, "one digest a day");
    assert_eq!(h.hook.count(), 1);
}

#[tokio::test]
async fn the_daily_cap_holds_and_the_rest_fold_into_the_digest() {
    let h = Harness::new().await;
    h.all_channels(|s| {
        s.daily_cap = 1;
        s.digest_hour = 0;
    })
    .await;
    let search = h.search("cap").await;
    let ids = [
        h.wanted(search.id, "v1|5|0", 21, "x", 1000).await,
        h.wanted(search.id, "v1|6|0", 22, "y", 1000).await,
        h.wanted(search.id, "v1|7|0", 23, "z", 1000).await,
    ];
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    h.handle(h.event(search.id, &ids, Vec::new()), Utc::now()).await;
    assert_eq!(h.emails().await.len(), 1, "the cap of one instant alert");
    assert_eq!(h.hook.count(), 1);
    assert_eq!(h.deps.store.list_notifications(h.user.id).await.unwrap().len(), 3, "all three in the app");

    notifier::digest::tick(&h.deps, Utc::now()).await.unwrap();
    let emails = h.emails().await;
    assert_eq!(emails.len(), 2, "the other two in one digest");
    assert!(emails.iter().any(|m| m.subject == "VinylDigger: 2 alerts today"));
    assert_eq!(h.hook.count(), 2);
}

#[tokio::test]
async fn quiet_hours_hold_instant_alerts_for_the_digest() {
    let h = Harness::new().await;
    let late = Utc::now().date_naive().and_hms_opt(23, 0, 0).unwrap().and_utc();
    h.all_channels(|s| {
        s.quiet_hours = Some(vinyldigger::domain::alerts::settings::QuietHours { start_hour: 22, end_hour: 7 });
    })
    .await;
    let search = h.search("quiet").await;
    let id = h.wanted(search.id, "v1|8|0", 31, "x", 1000).await;
    h.handle(h.event(search.id, &[&id], Vec::new()), late).await;
    assert_eq!(h.deps.store.list_notifications(h.user.id).await.unwrap().len(), 1);
    assert!(h.emails().await.is_empty() && h.hook.count() == 0, "held during quiet hours");
    let morning = late + Duration::hours(9);
    assert_eq!(notifier::digest::tick(&h.deps, morning).await.unwrap().sent, 1, "in the next digest");
    assert_eq!(h.emails().await.len(), 1);
}
