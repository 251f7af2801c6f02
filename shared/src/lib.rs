//! `vinyldigger`: everything the VinylDigger functions share.

pub mod auth;
pub mod aws;
pub mod batch;
pub mod config;
pub mod deadline;
pub mod domain;
pub mod events;
pub mod fetcher;
pub mod linking;
pub mod market;
pub mod metrics;
pub mod notify;
pub mod pipeline;
pub mod queue;
pub mod secrets;
pub mod startup;
pub mod store;
pub mod telemetry;
