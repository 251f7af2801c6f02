//! The clock questions of alerts, in the user's time zone: which local day it is (the cap counts
//! per local day, a digest goes out once per local day), whether it is quiet time, and whether
//! the day's digest is due.

use chrono::{DateTime, NaiveDate, Timelike, Utc};

use super::settings::NotifySettings;

/// The user's local date at `now`.
pub fn local_day(settings: &NotifySettings, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&settings.tz()).date_naive()
}

/// Whether `now` falls in the user's quiet hours.
pub fn is_quiet(settings: &NotifySettings, now: DateTime<Utc>) -> bool {
    let hour = now.with_timezone(&settings.tz()).hour();
    settings.quiet_hours.is_some_and(|q| q.contains(hour))
}

/// The local day whose digest is due at `now`: from the chosen hour on, outside quiet hours (a
/// digest hour inside them waits for their end). `None` before the hour.
pub fn digest_due(settings: &NotifySettings, now: DateTime<Utc>) -> Option<NaiveDate> {
    let local = now.with_timezone(&settings.tz());
    (local.hour() >= u32::from(settings.digest_hour) && !is_quiet(settings, now)).then(|| local.date_naive())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::alerts::settings::QuietHours;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, h, m, 0).unwrap()
    }

    #[test]
    fn the_local_day_and_quiet_hours_follow_the_time_zone() {
        let tokyo = NotifySettings {
            time_zone: "Asia/Tokyo".into(),
            quiet_hours: Some(QuietHours { start_hour: 22, end_hour: 7 }),
            ..NotifySettings::default()
        };
        // 16:00 UTC is 01:00 the next day in Tokyo: quiet, and already the 26th.
        assert_eq!(local_day(&tokyo, at(16, 0)), NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        assert!(is_quiet(&tokyo, at(16, 0)));
        assert!(!is_quiet(&tokyo, at(3, 0)), "12:00 in Tokyo");
        assert!(!is_quiet(&NotifySettings::default(), at(3, 0)), "no quiet hours set");
    }

    #[test]
    fn a_digest_is_due_from_its_hour_on_but_not_in_quiet_hours() {
        let india = NotifySettings { time_zone: "Asia/Kolkata".into(), digest_hour: 8, ..NotifySettings::default() };
        // 02:29 UTC is 07:59 in India, 02:30 is 08:00.
        assert_eq!(digest_due(&india, at(2, 29)), None);
        assert_eq!(digest_due(&india, at(2, 30)), Some(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()));
        let quiet_morning = NotifySettings {
            digest_hour: 6,
            quiet_hours: Some(QuietHours { start_hour: 22, end_hour: 9 }),
            ..NotifySettings::default()
        };
        assert_eq!(digest_due(&quiet_morning, at(7, 0)), None, "06:00 is inside the quiet hours");
        assert!(digest_due(&quiet_morning, at(9, 0)).is_some(), "sent when they end");
    }
}
