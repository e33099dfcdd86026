//! Deserialization helpers for generated response types.

use serde::{Deserialize, Deserializer};

/// Decodes `null` as the type's default, as a missing field would be.
///
/// The gateway sends `null` for empty lists and results on some actions; a typed client should
/// see an empty value, not a decoding error.
///
/// # Errors
///
/// Whatever `T`'s own decoding returns for a value that is not `null`.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}
