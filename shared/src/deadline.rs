//! How long an invocation has left. Lambda stops a function at its deadline, mid-call if need be,
//! and then retries the whole batch; so handlers check the time left before starting anything
//! that could outlive it, and finish with what they have instead (see
//! docs/architecture.md#queues-retries-and-dead-letters).

use std::time::{Duration, SystemTime};

use tokio::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(Instant);

impl Deadline {
    pub fn after(duration: Duration) -> Self {
        Self(Instant::now() + duration)
    }

    /// Lambda's deadline, a wall-clock time.
    pub fn at(time: SystemTime) -> Self {
        Self::after(time.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
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
        assert_eq!(Deadline::at(SystemTime::now() - Duration::from_secs(1)).remaining(), Duration::ZERO);
    }
}
