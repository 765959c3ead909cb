//! Parsing the many date forms found in news metadata.
