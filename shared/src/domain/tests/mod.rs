//! Cross-module tests: the worked fixtures of SPEC §5.4 / Appendix C, difflib parity, properties.

mod difflib_parity;
mod difflib_vectors;
mod fixtures;
mod properties;
