//! How long an invocation has left. Lambda stops a function at its deadline, mid-call if need be,
//! and then retries the whole batch; so handlers check the time left before starting anything
//! that could outlive it, and finish with what they have instead (see
//! docs/architecture.md#queues-retries-and-dead-letters).

use std::time::{Duration, SystemTime};

use tokio::time::Instant;

/// What an invocation assumes it has when the deadline it was handed has already passed. Lambda
/// never hands over an event without time left, but emulators may send a constant (`cargo lambda
/// watch` sends 600 000 ms: a time in 1970). The SQS functions' shortest timeout in template.yaml.
const UNKNOWN_DEADLINE_BUDGET: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(Instant);

impl Deadline {
    pub fn after(duration: Duration) -> Self {
        Self(Instant::now() + duration)
    }

    /// The invocation's deadline from the runtime, a wall-clock time.
    pub fn of_invocation(time: SystemTime) -> Self {
        match time.duration_since(SystemTime::now()) {
            Ok(left) => Self::after(left),
            Err(_) => {
                tracing::warn!(
                    assumed_s = UNKNOWN_DEADLINE_BUDGET.as_secs(),
                    "the invocation's deadline has passed already"
                );
                Self::after(UNKNOWN_DEADLINE_BUDGET)
            }
        }
    }

    /// For work no platform limits in time (tests, tools): a day.
    pub fn unbounded() -> Self {
        Self::after(Duration::from_secs(24 * 3600))
    }

    pub fn remaining(&self) -> Duration {
        self.0.saturating_duration_since(Instant::now())
    }

    /// The time left once `reserve` is kept back for finishing up.
    pub fn left_after(&self, reserve: Duration) -> Duration {
        self.remaining().saturating_sub(reserve)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_shrinks_and_never_goes_negative() {
        let deadline = Deadline::after(Duration::from_secs(10));
        assert!(deadline.remaining() <= Duration::from_secs(10) && deadline.remaining() > Duration::from_secs(9));
        assert!(deadline.left_after(Duration::from_secs(4)) <= Duration::from_secs(6));
        assert_eq!(deadline.left_after(Duration::from_secs(60)), Duration::ZERO);
    }

    #[test]
    fn an_invocation_has_the_time_to_its_deadline_or_a_minute_when_that_has_passed() {
        let left = Deadline::of_invocation(SystemTime::now() + Duration::from_secs(30)).remaining();
        assert!(left <= Duration::from_secs(30) && left > Duration::from_secs(29));
        let emulated = Deadline::of_invocation(SystemTime::UNIX_EPOCH + Duration::from_millis(600_000)).remaining();
        assert!(emulated <= UNKNOWN_DEADLINE_BUDGET && emulated > UNKNOWN_DEADLINE_BUDGET - Duration::from_secs(1));
    }
}
