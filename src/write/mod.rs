//! Report + findings → xlsx.
