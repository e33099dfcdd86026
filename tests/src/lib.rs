//! Shared support for the workspace's integration tests.
//!
//! - [`mock_server`]: an in-process mock of the Volcengine Live gateway that verifies request
//!   signatures and plays scripted answers.

pub mod mock_server;
