//! Cross-module tests: the worked fixtures of docs/behaviour.md#recommendations / Appendix C, difflib parity, properties.

mod currency_properties;
mod difflib_parity;
mod difflib_vectors;
mod fixtures;
mod properties;
