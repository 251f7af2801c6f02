mod support;

use chrono::Utc;
use support::Fixture;
use vinyldigger::domain::ids::UserId;
use vinyldigger::domain::user::User;
use vinyldigger::store::users::EmailError;

fn user(email: &str) -> User {
    User::new(email.into(), "$argon2id$stub".into(), Utc::now())
}

#[tokio::test]
async fn two_concurrent_registrations_of_one_email_in_different_case_yield_one_account() {
    let f = Fixture::new().await;
    let (a, b) = (user("Collector@Example.com"), user("collector@example.COM"));
    let (ra, rb) = tokio::join!(f.store.create_user(&a), f.store.create_user(&b));

    let outcomes = [ra.is_ok(), rb.is_ok()];
    assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "exactly one registration succeeds");
    let loser = if ra.is_ok() { rb } else { ra };
    assert!(matches!(loser, Err(EmailError::EmailTaken)));

    let winner = if outcomes[0] { &a } else { &b };
    let found = f.store.find_user_by_email("COLLECTOR@example.com").await.unwrap().unwrap();
    assert_eq!(&found, winner);
    let other = if outcomes[0] { &b } else { &a };
    assert!(f.store.get_user(other.id).await.unwrap().is_none(), "the losing profile was not written");
}

#[tokio::test]
async fn changing_email_moves_the_claim_and_refuses_a_taken_address() {
    let f = Fixture::new().await;
    let ann = user("ann@example.com");
    let bob = user("bob@example.com");
    f.store.create_user(&ann).await.unwrap();
    f.store.create_user(&bob).await.unwrap();

    let clash = f.store.change_email(ann.id, "BOB@example.com", Utc::now()).await;
    assert!(matches!(clash, Err(EmailError::EmailTaken)));
    assert_eq!(f.store.get_user(ann.id).await.unwrap().unwrap().email, "ann@example.com");

    let moved = f.store.change_email(ann.id, "anne@example.com", Utc::now()).await.unwrap();
    assert_eq!(moved.email, "anne@example.com");
    assert!(moved.updated_at >= ann.updated_at);
    assert!(f.store.find_user_by_email("ann@example.com").await.unwrap().is_none(), "old address released");
    assert_eq!(f.store.find_user_by_email("anne@example.com").await.unwrap().unwrap().id, ann.id);
    f.store.create_user(&user("ann@example.com")).await.expect("the released address can be registered");

    let recased = f.store.change_email(ann.id, "Anne@example.com", Utc::now()).await.unwrap();
    assert_eq!(recased.email, "Anne@example.com", "a change of case keeps the claim");
    assert_eq!(f.store.find_user_by_email("anne@example.com").await.unwrap().unwrap().email, "Anne@example.com");

    assert!(matches!(
        f.store.change_email(UserId::new(), "nobody@example.com", Utc::now()).await,
        Err(EmailError::UserNotFound)
    ));
}

#[tokio::test]
async fn a_deleted_user_is_gone_and_frees_the_address() {
    let f = Fixture::new().await;
    let ann = user("ann@example.com");
    f.store.create_user(&ann).await.unwrap();
    f.store.delete_user(&ann).await.unwrap();
    assert!(f.store.get_user(ann.id).await.unwrap().is_none());
    assert!(f.store.find_user_by_email("ann@example.com").await.unwrap().is_none());
}
