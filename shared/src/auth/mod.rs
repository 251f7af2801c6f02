//! Accounts' cryptography: password hashes (argon2id), access and refresh tokens (JWT HS256) and
//! encryption of stored secrets (AES-256-GCM).

pub mod cipher;
pub mod jwt;
pub mod password;
