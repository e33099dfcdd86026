//! Shared support for the workspace's integration tests.
//!
//! - [`mock_server`]: an in-process mock of the Volcengine Live gateway that verifies request
//!   signatures and plays scripted answers.
//! - [`callback_sender`]: builds, signs (from a fixed vector table) and POSTs Live callbacks.

pub mod callback_sender;
pub mod mock_server;
pub mod transport_support;
