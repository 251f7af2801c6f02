//! Typed identifiers, so a search id can never be passed where a user id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident, $new:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::$new())
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Lowercase hyphenated, the form every client sees (docs/behaviour.md#conventions).
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// A registered user.
    UserId,
    new_v4
);
uuid_id!(
    /// A saved search. Version 7, so a user's searches sort by creation time in their keys and
    /// the list pages in that order.
    SearchId,
    now_v7
);
uuid_id!(
    /// One execution of a saved search. Version 7, so run keys sort by creation time.
    RunId,
    now_v7
);
uuid_id!(
    /// A collection or want-list sync job.
    JobId,
    new_v4
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_render_lowercase_hyphenated_and_round_trip() {
        let id: SearchId = "6F9619FF-8B86-D011-B42D-00C04FC964FF".parse().unwrap();
        assert_eq!(id.to_string(), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
        assert_eq!(id.to_string().parse::<SearchId>().unwrap(), id);
    }

    #[test]
    fn run_ids_sort_by_creation_time() {
        let first = RunId::new();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let second = RunId::new();
        assert!(first.to_string() < second.to_string());
    }

    #[test]
    fn garbage_is_not_an_id() {
        assert!("not-a-uuid".parse::<UserId>().is_err());
    }
}
